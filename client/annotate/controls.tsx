import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { type Action, type ActionGroup, actionById, type Commands } from './actions.ts';
import type { SaveState } from './autosave.ts';
import { formatCombo, isMac } from './keys.ts';

const MAC = isMac();

/** Keeps the focus where it was: a click on a toolbar button must not steal keys from the annotator. */
export const keepFocus = (e: React.MouseEvent) => e.preventDefault();

export function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <span className="ann-keys">
      {keys.map((k) => (
        <kbd key={k}>{formatCombo(k, MAC)}</kbd>
      ))}
    </span>
  );
}

/** "Undo (Ctrl+Z)": a button's title comes from the actions table, like its key. */
export function actionTitle(a: { label: string; keys: readonly string[] }) {
  return `${a.label} (${a.keys.map((k) => formatCombo(k, MAC)).join(' or ')})`;
}

/** What a shortcut button needs of an action, whichever table (annotator or reviewer) it is from. */
interface KeyedAction<C> {
  label: string;
  keys: readonly string[];
  run: (commands: C, combo: string) => void;
}

/** A button that runs an action: its title and key hint come from the action, like its key. */
export function ShortcutButton<C>({
  action,
  commands,
  className = 'btn small',
  disabled,
  pressed,
  showKey,
  children,
}: {
  action: KeyedAction<C>;
  commands: C;
  className?: string | undefined;
  disabled?: boolean | undefined;
  pressed?: boolean | undefined;
  /** Shows the first key on the button itself, for the actions a newcomer looks for first. */
  showKey?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={className}
      title={actionTitle(action)}
      aria-keyshortcuts={action.keys.map((k) => formatCombo(k)).join(' ')}
      aria-pressed={pressed}
      disabled={disabled}
      onMouseDown={keepFocus}
      onClick={() => action.run(commands, action.keys[0]!)}
    >
      {children}
      {/* aria-keyshortcuts already tells assistive technology; the button's name stays its label. */}
      {showKey && (
        <span aria-hidden="true" className="ann-keys">
          <kbd>{formatCombo(action.keys[0]!, MAC)}</kbd>
        </span>
      )}
    </button>
  );
}

/** A toolbar button that runs an action from the table. */
export function ActionButton({
  actions,
  id,
  commands,
  className,
  disabled,
  pressed,
  showKey,
  children,
}: {
  actions: readonly Action[];
  id: string;
  commands: Commands;
  className?: string;
  disabled?: boolean;
  pressed?: boolean;
  showKey?: boolean;
  children: ReactNode;
}) {
  const a = actionById(actions, id);
  if (!a) return null;
  return (
    <ShortcutButton
      action={a}
      commands={commands}
      className={className}
      disabled={disabled}
      pressed={pressed}
      showKey={showKey}
    >
      {children}
    </ShortcutButton>
  );
}

/** The editing buttons every editor's bar starts with. */
export function UndoRedoKeys({
  actions,
  commands,
  canUndo,
  canRedo,
}: {
  actions: readonly Action[];
  commands: Commands;
  canUndo: boolean;
  canRedo: boolean;
}) {
  return (
    <>
      <ActionButton
        actions={actions}
        id="undo"
        commands={commands}
        className="btn small ghost"
        disabled={!canUndo}
      >
        Undo
      </ActionButton>
      <ActionButton
        actions={actions}
        id="redo"
        commands={commands}
        className="btn small ghost"
        disabled={!canRedo}
      >
        Redo
      </ActionButton>
      <ActionButton actions={actions} id="help" commands={commands} className="btn small ghost" showKey>
        Keys
      </ActionButton>
    </>
  );
}

export interface ShortcutGroup {
  title: string;
  rows: readonly { id: string; label: string; keys: readonly string[] }[];
}

/**
 * The `?` overlay of a screen: its groups of actions and their keys. `extra` adds sections to the
 * grid; children go below it.
 */
export function ShortcutsDialog({
  title,
  groups,
  onClose,
  extra,
  children,
}: {
  title: string;
  groups: readonly ShortcutGroup[];
  onClose: () => void;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape and ? close it through the actions table
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop only closes the dialog
    <div className="ann-backdrop" onClick={onClose}>
      <div
        className="ann-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="ann-help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={() => undefined}
      >
        <div className="ann-help-head">
          <h2 id="ann-help-title">{title}</h2>
          <button type="button" className="btn ghost small" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <div className="ann-help-grid">
          {groups.map(
            (g) =>
              g.rows.length > 0 && (
                <section key={g.title}>
                  <h3>{g.title}</h3>
                  <dl>
                    {g.rows.map((a) => (
                      <div key={a.id} className="ann-help-row">
                        <dt>{a.label}</dt>
                        <dd>
                          <Keys keys={a.keys} />
                        </dd>
                      </div>
                    ))}
                  </dl>
                </section>
              ),
          )}
          {extra}
        </div>
        {children}
      </div>
    </div>
  );
}

const GROUPS: ActionGroup[] = ['Item', 'Edit', 'Spans', 'Caret mode', 'View'];

/**
 * The label hotkeys, one row per task ("entities: PER p, LOC l"): a schema with dozens of labels
 * would otherwise push the rest of the help out of the window.
 */
export function LabelKeys({ actions }: { actions: readonly Action[] }) {
  const byTask = new Map<string, { value: string; key: string }[]>();
  for (const a of actions) {
    if (!a.labelOf) continue;
    const row = byTask.get(a.labelOf.task) ?? [];
    row.push({ value: a.labelOf.value, key: a.keys[0]! });
    byTask.set(a.labelOf.task, row);
  }
  if (!byTask.size) return null;
  return (
    <section>
      <h3>Labels</h3>
      <dl>
        {[...byTask].map(([task, labels]) => (
          <div key={task} className="ann-help-row">
            <dt>{task}</dt>
            <dd className="ann-help-labels">
              {labels.map((l) => (
                <span key={l.value} className="ann-help-label">
                  {l.value} <kbd>{formatCombo(l.key, MAC)}</kbd>
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The `?` overlay: every action and its keys, straight from the table. */
export function HelpOverlay({ actions, onClose }: { actions: readonly Action[]; onClose: () => void }) {
  return (
    <ShortcutsDialog
      title="Keyboard shortcuts"
      groups={GROUPS.map((g) => ({ title: g, rows: actions.filter((a) => a.group === g) }))}
      onClose={onClose}
      extra={<LabelKeys actions={actions} />}
    >
      <p className="muted small">
        Label a span: select text with the mouse (or press <kbd>Enter</kbd> for caret mode and use{' '}
        <kbd>Shift</kbd>+arrows), then press the label's key. Click a span or press <kbd>Tab</kbd> to select
        it; a label key changes its label.
      </p>
    </ShortcutsDialog>
  );
}

/** Asks for an optional reason before skipping: Enter skips, Escape cancels. */
export function SkipDialog({ onSkip, onCancel }: { onSkip: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSkip(reason.trim());
  };
  return (
    <div className="ann-backdrop">
      <form
        className="ann-skip"
        role="dialog"
        aria-modal="true"
        aria-labelledby="ann-skip-title"
        onSubmit={submit}
      >
        <h2 id="ann-skip-title">Skip this item?</h2>
        <label className="field">
          <span className="field-label">Reason (optional)</span>
          <input
            ref={input}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. not in English, unreadable, unsure"
          />
        </label>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="submit" className="btn primary">
            Skip <kbd>↩</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}

const SAVE_TEXT: Record<SaveState['kind'], string> = {
  clean: '',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline - saved locally',
  error: 'Draft not saved',
};

/** Where the draft is: the annotator must always be able to tell whether their work is safe. */
export function SaveIndicator({ state }: { state: SaveState }) {
  const text = SAVE_TEXT[state.kind];
  const title =
    state.kind === 'offline'
      ? 'The server cannot be reached. Your work is kept in this browser and sent as soon as the server answers.'
      : state.kind === 'error'
        ? `${state.message}. Your work is kept in this browser.`
        : undefined;
  return (
    <output className={`ann-save ${state.kind}`} title={title} data-testid="save-state">
      {text}
      {state.kind === 'error' && <span className="ann-save-detail">: {state.message}</span>}
    </output>
  );
}

/** Focuses the free-text field after the focused one inside `root` (the first when none is). */
export function focusNextTextField(root: HTMLElement | null) {
  const fields = [...(root?.querySelectorAll('textarea') ?? [])];
  fields[(fields.indexOf(document.activeElement as HTMLTextAreaElement) + 1) % fields.length]?.focus();
}
