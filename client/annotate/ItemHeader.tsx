import type { ReactNode, Ref } from 'react';
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
 * The head of an item screen: where the item is, my stats, the draft state, the item buttons,
 * the reviewer's rejection, the screen's own banners (children) and the status line, which shows
 * the last message or else the screen's hint.
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
          <Link to={`/projects/${project.id}`} className="ann-project">
            {project.name}
          </Link>
          <span className="ann-item" title="Item id">
            {item.extId}
          </span>
          {mode === 'history' && <span className="chip muted-chip">from my history</span>}
          {item.annotation && <span className="chip">submitted, v{item.annotation.version}</span>}
        </div>
        <StatsLine stats={screen.stats} />
        <SaveIndicator state={save} />
        <div className="ann-buttons">
          <UndoRedoKeys actions={actions} commands={commands} canUndo={canUndo} canRedo={canRedo} />
          <ActionButton actions={actions} id="guidelines" commands={commands} className="btn small ghost">
            {screen.infoOpen ? 'Hide panel' : 'Guidelines'}
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
          >
            {item.annotation ? 'Resubmit' : 'Submit'}
          </ActionButton>
        </div>
      </div>

      {item.rejection && <RejectionBanner rejection={item.rejection} />}
      {children}
      <div
        className={`ann-status${message?.kind === 'error' ? ' error' : ''}`}
        role="status"
        data-testid="ann-status"
      >
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
          <span className="muted">{hint}</span>
        )}
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
  return (
    <div className="ann-side">
      <Questions editor={editor} commands={commands} missing={missing} colorOf={colorOf} />
      {screen.infoOpen && (
        <InfoPanel
          guidelines={screen.project.guidelines}
          history={screen.history}
          currentId={screen.item.id}
          onOpen={(id) => screen.onOpen(id)}
        />
      )}
    </div>
  );
}
