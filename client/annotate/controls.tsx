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
export function actionTitle(a: Action) {
  return `${a.label} (${a.keys.map((k) => formatCombo(k, MAC)).join(' or ')})`;
}

/** A toolbar button that runs an action from the table. */
export function ActionButton({
  actions,
  id,
  commands,
  className = 'btn small',
  disabled,
  children,
}: {
  actions: readonly Action[];
  id: string;
  commands: Commands;
  className?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const a = actionById(actions, id);
  if (!a) return null;
  return (
    <button
      type="button"
      className={className}
      title={actionTitle(a)}
      aria-keyshortcuts={a.keys.map((k) => formatCombo(k)).join(' ')}
      disabled={disabled}
      onMouseDown={keepFocus}
      onClick={() => a.run(commands, a.keys[0]!)}
    >
      {children}
    </button>
  );
}

const GROUPS: ActionGroup[] = ['Item', 'Edit', 'Spans', 'Caret mode', 'Labels', 'View'];

/** The `?` overlay: every action and its keys, straight from the table. */
export function HelpOverlay({ actions, onClose }: { actions: readonly Action[]; onClose: () => void }) {
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
          <h2 id="ann-help-title">Keyboard shortcuts</h2>
          <button type="button" className="btn ghost small" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <div className="ann-help-grid">
          {GROUPS.map((g) => {
            const rows = actions.filter((a) => a.group === g);
            if (!rows.length) return null;
            return (
              <section key={g}>
                <h3>{g}</h3>
                <dl>
                  {rows.map((a) => (
                    <div key={a.id} className="ann-help-row">
                      <dt>{a.label}</dt>
                      <dd>
                        <Keys keys={a.keys} />
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            );
          })}
        </div>
        <p className="muted small">
          Label a span: select text with the mouse (or press <kbd>Enter</kbd> for caret mode and use{' '}
          <kbd>Shift</kbd>+arrows), then press the label's key. Click a span or press <kbd>Tab</kbd> to select
          it; a label key changes its label.
        </p>
      </div>
    </div>
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
