import { type ReactNode, type Ref, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Action, Commands } from './actions.ts';
import type { SaveState } from './autosave.ts';
import { ActionButton, SaveIndicator, UndoRedoKeys } from './controls.tsx';
import type { Editor } from './editor.ts';
import { InfoPanel, StatsLine } from './InfoPanel.tsx';
import { RejectionBanner } from './RejectionBanner.tsx';
import { Questions } from './TaskPanel.tsx';
import type { ItemScreenProps, Message } from './useItemSession.ts';

/**
 * The head of an item screen: where the item is, the draft state, the item buttons, the
 * reviewer's rejection, the screen's own banners (children) and the status line, which shows the
 * last message or else the screen's hint, and my stats.
 */
export function ItemHeader({
  screen,
  headRef,
  actions,
  commands,
  canUndo,
  canRedo,
  save,
  busy,
  message,
  hint,
  children,
}: {
  screen: ItemScreenProps;
  headRef: Ref<HTMLDivElement>;
  actions: readonly Action[];
  commands: Commands;
  canUndo: boolean;
  canRedo: boolean;
  save: SaveState;
  busy: boolean;
  message: Message | null;
  hint: ReactNode;
  children?: ReactNode;
}) {
  const { project, item, mode } = screen;
  return (
    <div className="ann-head" ref={headRef}>
      <div className="ann-toolbar">
        <div className="ann-where">
          <Link to={`/projects/${project.id}`} className="ann-project" title={project.name}>
            {project.name}
          </Link>
          <span className="ann-item" title="Item id">
            {item.extId}
          </span>
          {mode === 'history' && <span className="chip muted-chip">from my history</span>}
          {item.annotation && <span className="chip">submitted, v{item.annotation.version}</span>}
        </div>
        <SaveIndicator state={save} />
        <div className="ann-buttons">
          <UndoRedoKeys actions={actions} commands={commands} canUndo={canUndo} canRedo={canRedo} />
          {/* One label in both states: a label that changed width would move every button beside it. */}
          <ActionButton
            actions={actions}
            id="guidelines"
            commands={commands}
            className="btn small ghost"
            pressed={screen.infoOpen}
          >
            Guidelines
          </ActionButton>
          {mode === 'history' ? (
            <ActionButton actions={actions} id="nextItem" commands={commands} className="btn small">
              Back to queue
            </ActionButton>
          ) : (
            <ActionButton
              actions={actions}
              id="skip"
              commands={commands}
              className="btn small"
              disabled={busy}
              showKey
            >
              Skip
            </ActionButton>
          )}
          <ActionButton
            actions={actions}
            id="submit"
            commands={commands}
            className="btn small primary"
            disabled={busy}
            showKey
          >
            {item.annotation ? 'Resubmit' : 'Submit'}
          </ActionButton>
        </div>
      </div>

      {item.rejection && <RejectionBanner rejection={item.rejection} />}
      {children}
      <div className={`ann-status${message?.kind === 'error' ? ' error' : ''}`}>
        <div className="ann-status-text" role="status" data-testid="ann-status">
          {message ? (
            <>
              {message.text}
              {message.action && (
                <button type="button" className="btn small" onClick={message.action.run}>
                  {message.action.label}
                </button>
              )}
            </>
          ) : (
            <span className="muted ann-hint">{hint}</span>
          )}
        </div>
        <StatsLine stats={screen.stats} />
      </div>
    </div>
  );
}

/** The column beside the item: the choice and text tasks, then the guidelines and my history. */
export function ItemSide({
  screen,
  editor,
  commands,
  missing,
  colorOf,
}: {
  screen: ItemScreenProps;
  editor: Editor;
  commands: Commands;
  missing: readonly string[];
  colorOf: (task: string, label: string) => string;
}) {
  const info = useRef<HTMLElement>(null);
  const wasOpen = useRef(screen.infoOpen);
  // Opened below the questions, the panel may start out of sight: bring it in, or the key seems to do nothing.
  useEffect(() => {
    if (screen.infoOpen && !wasOpen.current) info.current?.scrollIntoView({ block: 'nearest' });
    wasOpen.current = screen.infoOpen;
  }, [screen.infoOpen]);
  return (
    <div className="ann-side">
      <Questions editor={editor} commands={commands} missing={missing} colorOf={colorOf} />
      {screen.infoOpen && (
        <InfoPanel
          ref={info}
          guidelines={screen.project.guidelines}
          history={screen.history}
          currentId={screen.item.id}
          onOpen={(id) => screen.onOpen(id)}
        />
      )}
    </div>
  );
}
