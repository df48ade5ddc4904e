import { type ReactNode, useEffect, useRef } from 'react';
import { Keys, keepFocus } from '../../annotate/controls.tsx';
import { comboOf, formatCombo, isMac } from '../../annotate/keys.ts';
import {
  findReviewAction,
  REVIEW_ACTIONS,
  type ReviewActionGroup,
  type ReviewActionState,
  type ReviewCommands,
  reviewAction,
} from './actions.ts';

const MAC = isMac();
const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/**
 * The reviewer's one key handler: it looks the combination up in REVIEW_ACTIONS. While the focus
 * is in a text field only the actions marked `inInputs` work; Enter and Space on a focused button
 * keep their native meaning.
 */
export function useReviewKeyboard(state: () => ReviewActionState, commands: ReviewCommands) {
  const latest = useRef({ state, commands });
  latest.current = { state, commands };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const combo = comboOf(e);
      if (!combo) return;
      const target = e.target instanceof Element ? e.target : null;
      const inInput = target?.closest(TYPING) != null;
      if (!inInput && (combo === 'enter' || combo === 'space') && target?.closest('button, a[href], summary'))
        return;
      const action = findReviewAction(REVIEW_ACTIONS, combo, latest.current.state(), inInput);
      if (!action) return;
      e.preventDefault();
      action.run(latest.current.commands, combo);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** A decision button: its title, its key hint and what it runs come from the actions list. */
export function ReviewButton({
  id,
  commands,
  className = 'btn small',
  disabled,
  children,
}: {
  id: string;
  commands: ReviewCommands;
  className?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const a = reviewAction(id);
  return (
    <button
      type="button"
      className={className}
      title={`${a.label} (${a.keys.map((k) => formatCombo(k, MAC)).join(' or ')})`}
      aria-keyshortcuts={a.keys.map((k) => formatCombo(k)).join(' ')}
      disabled={disabled}
      onMouseDown={keepFocus}
      onClick={() => a.run(commands, a.keys[0]!)}
    >
      {children}
      <Keys keys={[a.keys[0]!]} />
    </button>
  );
}

const GROUPS: ReviewActionGroup[] = ['Decide', 'Annotations', 'Dialogs', 'View'];

/** The `?` overlay, straight from the actions list. */
export function ReviewHelp({ onClose }: { onClose: () => void }) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape and ? close it through the actions list
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop only closes the dialog
    <div className="ann-backdrop" onClick={onClose}>
      <div
        className="ann-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="rv-help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={() => undefined}
      >
        <div className="ann-help-head">
          <h2 id="rv-help-title">Review shortcuts</h2>
          <button type="button" className="btn ghost small" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <div className="ann-help-grid">
          {GROUPS.map((g) => (
            <section key={g}>
              <h3>{g}</h3>
              <dl>
                {REVIEW_ACTIONS.filter((a) => a.group === g).map((a) => (
                  <div key={a.id} className="ann-help-row">
                    <dt>{a.label}</dt>
                    <dd>
                      <Keys keys={a.keys} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted small">
          With several annotations, choose one first (click its column or press its number): approving accepts
          it, correcting starts from it. A correction uses the annotator's editing keys; press{' '}
          <kbd>{formatCombo('mod+enter', MAC)}</kbd> when it is done to see the difference before confirming.
        </p>
      </div>
    </div>
  );
}

/**
 * The comment box of a rejection or the note of an escalation. A rejection needs a comment: the
 * annotator reads it beside the item.
 */
export function NoteDialog({
  kind,
  who,
  busy,
  value,
  onChange,
  onSend,
  onCancel,
  error,
}: {
  kind: 'reject' | 'escalate';
  who: string;
  busy: boolean;
  value: string;
  onChange: (v: string) => void;
  onSend: () => void;
  onCancel: () => void;
  error: ReactNode;
}) {
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const reject = kind === 'reject';
  const empty = value.trim() === '';
  const title = reject ? `Send back to ${who}` : 'Escalate to the next tier';
  return (
    <div className="ann-backdrop">
      <form
        className="ann-skip rv-note"
        role="dialog"
        aria-modal="true"
        aria-labelledby="rv-note-title"
        onSubmit={(e) => {
          e.preventDefault();
          onSend();
        }}
      >
        <h2 id="rv-note-title">{title}</h2>
        <label className="field">
          <span className="field-label">
            {reject
              ? 'What should be fixed? (required: they see this beside the item)'
              : 'Note for the next tier'}
          </span>
          <textarea
            ref={input}
            rows={4}
            maxLength={5000}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            placeholder={
              reject
                ? 'e.g. "Lovelace" is part of the PER span'
                : 'e.g. unsure whether this is a place or an org'
            }
          />
        </label>
        {error}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button
            type="submit"
            className={reject ? 'btn primary danger-fill' : 'btn primary'}
            disabled={busy || (reject && empty)}
          >
            {reject ? 'Reject and send back' : 'Escalate'} <kbd>{formatCombo('mod+enter', MAC)}</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
