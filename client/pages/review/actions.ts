/**
 * Every keyboard action of the reviewer, in ONE list: the key handler, the decision buttons'
 * titles and the help overlay (`?`) are all read from it. While a correction is being edited the
 * annotator's own action list takes over (see Correction.tsx), so the editing keys are the ones
 * the annotator knows.
 */

import type { LabelSchema } from '../../../shared/labelSchema.ts';
import { type Action, annotatorActions } from '../../annotate/actions.ts';

/** Where the reviewer is: deciding, typing a reject comment or an escalation note, reading the diff. */
export type ReviewMode = 'review' | 'reject' | 'escalate' | 'correct' | 'diff' | 'help';

export interface ReviewCommands {
  approve(): void;
  reject(): void;
  correct(): void;
  escalate(): void;
  /** Choose the n-th annotation (1-based) as the one the decision is about. */
  choose(n: number): void;
  toggleHelp(): void;
  /** Close the dialog, the help or the diff (back to editing). */
  escape(): void;
  /** Send the decision typed in a dialog, or confirm the correction shown in the diff. */
  confirm(): void;
}

export interface ReviewActionState {
  mode: ReviewMode;
  /** Number of annotations on the item. */
  annotations: number;
  /** A higher tier exists to escalate to. */
  canEscalate: boolean;
  /** No decision can be taken now (one is being sent, or this is my own work). */
  locked: boolean;
}

export type ReviewActionGroup = 'Decide' | 'Annotations' | 'Dialogs' | 'View';

export interface ReviewAction {
  id: string;
  label: string;
  group: ReviewActionGroup;
  /** Combinations as client/annotate/keys.ts writes them; the first is shown on buttons. */
  keys: readonly string[];
  /** Modes the action works in. */
  modes: readonly ReviewMode[];
  when?: (s: ReviewActionState) => boolean;
  /** Also works while typing in a text field. */
  inInputs?: boolean;
  run: (c: ReviewCommands, combo: string) => void;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const open = (s: ReviewActionState) => !s.locked;

export const REVIEW_ACTIONS: readonly ReviewAction[] = [
  {
    id: 'approve',
    label: 'Approve the chosen annotation',
    group: 'Decide',
    keys: ['a'],
    modes: ['review'],
    when: open,
    run: (c) => c.approve(),
  },
  {
    id: 'reject',
    label: 'Reject: send it back to its annotator with a comment',
    group: 'Decide',
    keys: ['r'],
    modes: ['review'],
    when: open,
    run: (c) => c.reject(),
  },
  {
    id: 'correct',
    label: 'Correct: edit a copy, check the difference, approve the correction',
    group: 'Decide',
    keys: ['c'],
    modes: ['review'],
    when: open,
    run: (c) => c.correct(),
  },
  {
    id: 'escalate',
    label: 'Escalate to the next tier with a note',
    group: 'Decide',
    keys: ['e'],
    modes: ['review'],
    when: (s) => open(s) && s.canEscalate,
    run: (c) => c.escalate(),
  },
  {
    id: 'choose',
    label: 'Choose annotation 1 to 9 (when several people labeled the item)',
    group: 'Annotations',
    keys: DIGITS,
    modes: ['review'],
    when: (s) => s.annotations > 1,
    run: (c, combo) => c.choose(Number(combo)),
  },
  {
    id: 'confirm',
    label: 'Send the decision (in the comment box, the note box or the difference view)',
    group: 'Dialogs',
    keys: ['mod+enter'],
    modes: ['reject', 'escalate', 'diff'],
    inInputs: true,
    run: (c) => c.confirm(),
  },
  {
    id: 'escape',
    label: 'Close the box or this help; from the difference, back to editing',
    group: 'Dialogs',
    keys: ['escape'],
    modes: ['reject', 'escalate', 'diff', 'help'],
    inInputs: true,
    run: (c) => c.escape(),
  },
  {
    id: 'help',
    label: 'Show or hide the keyboard shortcuts',
    group: 'View',
    keys: ['?'],
    modes: ['review', 'help', 'diff'],
    run: (c) => c.toggleHelp(),
  },
];

/** The action a key combination runs now, if any. */
export function findReviewAction(
  actions: readonly ReviewAction[],
  combo: string,
  state: ReviewActionState,
  inInput: boolean,
): ReviewAction | undefined {
  return actions.find(
    (a) =>
      a.keys.includes(combo) &&
      a.modes.includes(state.mode) &&
      (!inInput || a.inInputs) &&
      (!a.when || a.when(state)),
  );
}

export function reviewAction(id: string): ReviewAction {
  const a = REVIEW_ACTIONS.find((x) => x.id === id);
  if (!a) throw new Error(`no review action "${id}"`);
  return a;
}

/** The annotator's editing actions a correction keeps; submitting becomes "show the difference". */
const KEPT = new Set([
  'submit',
  'textTask',
  'undo',
  'redo',
  'escape',
  'nextSpan',
  'previousSpan',
  'deleteSpan',
  'caret',
  'caretMove',
  'caretWord',
  'caretExtend',
  'caretExtendWord',
  'help',
]);

const DONE_LABEL = 'Done: show the difference before confirming';

/** The editing keys of a correction: the annotator's list, without what belongs to their queue. */
export function correctionActions(schema: LabelSchema, image = false): Action[] {
  const choiceTasks = new Set(schema.tasks.filter((t) => t.type === 'choices').map((t) => t.name));
  return annotatorActions(schema)
    .filter((a) => {
      // On an image the canvas handles shape label keys itself; only image-level choices stay here.
      if (a.group === 'Labels') return !image || choiceTasks.has(a.id.split(':')[1] ?? '');
      return KEPT.has(a.id) && (!image || ['submit', 'undo', 'redo', 'escape', 'help'].includes(a.id));
    })
    .map((a) => (a.id === 'submit' ? { ...a, label: DONE_LABEL } : a));
}
