import { hasLabels, type LabelSchema } from '../../shared/labelSchema.ts';

/**
 * Every keyboard action of the annotator, in ONE list: the key handler, the toolbar buttons'
 * titles and the help overlay (`?`) are all read from it, so a shortcut can never be
 * undocumented. Label hotkeys come from the project's schema.
 */

export type CaretMove = 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'wordLeft' | 'wordRight';

/** What the actions can do; the annotator screen implements it. */
export interface Commands {
  submit(): void;
  skip(): void;
  saveNow(): void;
  undo(): void;
  redo(): void;
  deleteSpan(): void;
  cycleSpan(dir: 1 | -1): void;
  toggleCaret(): void;
  moveCaret(move: CaretMove, extend: boolean): void;
  escape(): void;
  acceptSuggestions(): void;
  previousItem(): void;
  nextItem(): void;
  toggleHelp(): void;
  toggleGuidelines(): void;
  /** Only the text screen has it: the one screen where Tab walks the spans instead of the fields. */
  focusText?(): void;
  label(task: string, value: string): void;
}

/** The editor's situation, for actions that only make sense in some of them. */
export interface ActionState {
  caret: boolean;
  spanSelected: boolean;
  hasSpans: boolean;
  suggestions: boolean;
  /** The help overlay is open: only the actions marked `inOverlay` work. */
  overlay: boolean;
}

export type ActionGroup = 'Item' | 'Edit' | 'Spans' | 'Caret mode' | 'View' | 'Labels';

export interface Action {
  id: string;
  label: string;
  group: ActionGroup;
  /** Combinations as keys.ts writes them; the first is the one shown on buttons. */
  keys: readonly string[];
  when?: (s: ActionState) => boolean;
  run: (c: Commands, combo: string) => void;
  /** Also works while typing in a text field (everything else is off there). */
  inInputs?: boolean;
  inOverlay?: boolean;
  /** A label hotkey's task and label value: the help overlay lists them per task. */
  labelOf?: { task: string; value: string };
}

const CARET_MOVES: Record<string, CaretMove> = {
  arrowleft: 'left',
  arrowright: 'right',
  arrowup: 'up',
  arrowdown: 'down',
  home: 'home',
  end: 'end',
};

function caretRun(extend: boolean, word: boolean) {
  return (c: Commands, combo: string) => {
    const key = combo.split('+').at(-1)!;
    const move = CARET_MOVES[key]!;
    c.moveCaret(word ? (move === 'left' ? 'wordLeft' : 'wordRight') : move, extend);
  };
}

const inCaret = (s: ActionState) => s.caret;

export const EDITOR_ACTIONS: readonly Action[] = [
  {
    id: 'submit',
    label: 'Submit and go to the next item',
    group: 'Item',
    keys: ['mod+enter'],
    run: (c) => c.submit(),
    inInputs: true,
  },
  {
    id: 'skip',
    label: 'Skip this item (with an optional reason)',
    group: 'Item',
    keys: ['space'],
    run: (c) => c.skip(),
  },
  {
    id: 'save',
    label: 'Save the draft now',
    group: 'Item',
    keys: ['mod+s'],
    run: (c) => c.saveNow(),
    inInputs: true,
  },
  {
    id: 'previousItem',
    label: 'Previous item in my history',
    group: 'Item',
    keys: ['alt+arrowup'],
    run: (c) => c.previousItem(),
  },
  {
    id: 'nextItem',
    label: 'Newer item in my history / back to the queue',
    group: 'Item',
    keys: ['alt+arrowdown'],
    run: (c) => c.nextItem(),
  },
  { id: 'undo', label: 'Undo', group: 'Edit', keys: ['mod+z'], run: (c) => c.undo() },
  { id: 'redo', label: 'Redo', group: 'Edit', keys: ['mod+shift+z', 'mod+y'], run: (c) => c.redo() },
  {
    id: 'accept',
    label: 'Accept the machine suggestions as they are',
    group: 'Edit',
    keys: ['alt+a'],
    when: (s) => s.suggestions,
    run: (c) => c.acceptSuggestions(),
  },
  {
    id: 'escape',
    label: 'Leave caret mode, a text field or this help; clear the selection',
    group: 'Edit',
    keys: ['escape'],
    run: (c) => c.escape(),
    inInputs: true,
    inOverlay: true,
  },
  {
    id: 'nextSpan',
    label: 'Select the next span',
    group: 'Spans',
    keys: ['tab'],
    when: (s) => s.hasSpans,
    run: (c) => c.cycleSpan(1),
  },
  {
    id: 'previousSpan',
    label: 'Select the previous span',
    group: 'Spans',
    keys: ['shift+tab'],
    when: (s) => s.hasSpans,
    run: (c) => c.cycleSpan(-1),
  },
  {
    id: 'deleteSpan',
    label: 'Delete the selected span',
    group: 'Spans',
    keys: ['delete', 'backspace'],
    when: (s) => s.spanSelected,
    run: (c) => c.deleteSpan(),
  },
  {
    id: 'caret',
    label: 'Caret mode: select text with the keyboard',
    group: 'Caret mode',
    keys: ['enter'],
    run: (c) => c.toggleCaret(),
  },
  {
    id: 'caretMove',
    label: 'Move the caret',
    group: 'Caret mode',
    keys: ['arrowleft', 'arrowright', 'arrowup', 'arrowdown', 'home', 'end'],
    when: inCaret,
    run: caretRun(false, false),
  },
  {
    id: 'caretWord',
    label: 'Move the caret by a word',
    group: 'Caret mode',
    keys: ['mod+arrowleft', 'mod+arrowright'],
    when: inCaret,
    run: caretRun(false, true),
  },
  {
    id: 'caretExtend',
    label: 'Extend the selection',
    group: 'Caret mode',
    keys: [
      'shift+arrowleft',
      'shift+arrowright',
      'shift+arrowup',
      'shift+arrowdown',
      'shift+home',
      'shift+end',
    ],
    when: inCaret,
    run: caretRun(true, false),
  },
  {
    id: 'caretExtendWord',
    label: 'Extend the selection by a word',
    group: 'Caret mode',
    keys: ['mod+shift+arrowleft', 'mod+shift+arrowright'],
    when: inCaret,
    run: caretRun(true, true),
  },
  {
    id: 'help',
    label: 'Show or hide the keyboard shortcuts',
    group: 'View',
    keys: ['?'],
    run: (c) => c.toggleHelp(),
    inOverlay: true,
  },
  {
    id: 'guidelines',
    label: 'Show or hide the guidelines panel',
    group: 'View',
    keys: ['mod+i'],
    run: (c) => c.toggleGuidelines(),
  },
];

/**
 * One action per label hotkey of the schema. For a span task the key labels the selected text (or
 * relabels the selected span); for a choice task it selects (single) or toggles (multiple).
 */
export function labelActions(schema: LabelSchema): Action[] {
  const out: Action[] = [];
  for (const task of schema.tasks) {
    if (!hasLabels(task)) continue;
    for (const l of task.labels) {
      if (!l.hotkey) continue;
      out.push({
        id: `label:${task.name}:${l.value}`,
        label: `${l.value} (${task.name})`,
        group: 'Labels',
        keys: [l.hotkey],
        labelOf: { task: task.name, value: l.value },
        run: (c) => c.label(task.name, l.value),
      });
    }
  }
  return out;
}

/**
 * With spans on the text, Tab walks them, so a free-text field needs a key of its own to be
 * reached; Escape leaves it. Listed only when the schema has such a field.
 */
export function textTaskActions(schema: LabelSchema): Action[] {
  if (!schema.tasks.some((t) => t.type === 'text')) return [];
  return [
    {
      id: 'textTask',
      label: 'Go to the free-text field (again: the next one)',
      group: 'Edit',
      keys: ['alt+t'],
      run: (c) => c.focusText?.(),
      inInputs: true,
    },
  ];
}

export function annotatorActions(schema: LabelSchema): Action[] {
  return [...EDITOR_ACTIONS, ...textTaskActions(schema), ...labelActions(schema)];
}

/** The action a key combination runs now, if any. */
export function findAction(
  actions: readonly Action[],
  combo: string,
  state: ActionState,
  inInput: boolean,
): Action | undefined {
  return actions.find(
    (a) =>
      a.keys.includes(combo) &&
      (!inInput || a.inInputs) &&
      (!state.overlay || a.inOverlay) &&
      (!a.when || a.when(state)),
  );
}

/** Combinations bound to more than one action (must be none: the help overlay would lie). */
export function duplicateKeys(actions: readonly Action[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const a of actions) {
    for (const k of a.keys) {
      if (seen.has(k)) dups.add(k);
      seen.add(k);
    }
  }
  return [...dups];
}

export function actionById(actions: readonly Action[], id: string): Action | undefined {
  return actions.find((a) => a.id === id);
}
