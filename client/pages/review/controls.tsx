import { type ReactNode, useEffect, useRef } from 'react';
import { Keys, ShortcutButton, ShortcutsDialog } from '../../annotate/controls.tsx';
import { formatCombo, isMac } from '../../annotate/keys.ts';
import { useComboKeys } from '../../annotate/useKeyboard.ts';
import {
  findReviewAction,
  REVIEW_ACTIONS,
  type ReviewActionGroup,
  type ReviewActionState,
  type ReviewCommands,
  reviewAction,
} from './actions.ts';

const MAC = isMac();

/**
 * The reviewer's one key handler: it looks the combination up in REVIEW_ACTIONS, with the same
 * rules as the annotator's (text fields, focused buttons).
 */
export function useReviewKeyboard(state: () => ReviewActionState, commands: ReviewCommands) {
  useComboKeys((combo, inInput) => {
    const action = findReviewAction(REVIEW_ACTIONS, combo, state(), inInput);
    return action && (() => action.run(commands, combo));
  });
}

/** A decision button: its title, its key hint and what it runs come from the actions list. */
export function ReviewButton({
  id,
  commands,
  className,
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
    <ShortcutButton action={a} commands={commands} className={className} disabled={disabled}>
      {children}
      <Keys keys={[a.keys[0]!]} />
    </ShortcutButton>
  );
}

const GROUPS: ReviewActionGroup[] = ['Decide', 'Annotations', 'Dialogs', 'View'];

/** The `?` overlay, straight from the actions list. */
export function ReviewHelp({ onClose }: { onClose: () => void }) {
  return (
    <ShortcutsDialog
      title="Review shortcuts"
      groups={GROUPS.map((g) => ({ title: g, rows: REVIEW_ACTIONS.filter((a) => a.group === g) }))}
      onClose={onClose}
    >
      <p className="muted small">
        With several annotations, choose one first (click its column or press its number): approving accepts
        it, correcting starts from it. A correction uses the annotator's editing keys; press{' '}
        <kbd>{formatCombo('mod+enter', MAC)}</kbd> when it is done to see the difference before confirming.
      </p>
    </ShortcutsDialog>
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
