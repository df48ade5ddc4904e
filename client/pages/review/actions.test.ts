import { describe, expect, it } from 'vitest';
import { LabelSchemaSchema } from '../../../shared/labelSchema.ts';
import { duplicateKeys } from '../../annotate/actions.ts';
import { comboOf } from '../../annotate/keys.ts';
import {
  correctionActions,
  findReviewAction,
  REVIEW_ACTIONS,
  type ReviewActionState,
  type ReviewMode,
} from './actions.ts';

const state = (patch: Partial<ReviewActionState> = {}): ReviewActionState => ({
  mode: 'review',
  annotations: 1,
  canEscalate: true,
  locked: false,
  ...patch,
});
const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) =>
  comboOf({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })!;
const idOf = (combo: string, s: ReviewActionState, inInput = false) =>
  findReviewAction(REVIEW_ACTIONS, combo, s, inInput)?.id;

const SCHEMA = LabelSchemaSchema.parse({
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER', hotkey: 'p' }] },
    { name: 'objects', type: 'boxes', labels: [{ value: 'car', hotkey: 'c' }] },
    { name: 'topic', type: 'choices', labels: [{ value: 'history', hotkey: '1' }] },
  ],
});

describe('review actions', () => {
  it('binds no key twice in any mode', () => {
    const modes: ReviewMode[] = ['review', 'reject', 'escalate', 'correct', 'diff', 'help'];
    for (const mode of modes) {
      const keys = REVIEW_ACTIONS.filter((a) => a.modes.includes(mode)).flatMap((a) => a.keys);
      expect(keys.length, mode).toBe(new Set(keys).size);
    }
  });

  it('decides with A, R, C, E, even with Caps Lock or Shift', () => {
    expect(idOf(press('a'), state())).toBe('approve');
    expect(idOf(press('R', { shiftKey: true }), state())).toBe('reject');
    expect(idOf(press('c'), state())).toBe('correct');
    expect(idOf(press('e'), state())).toBe('escalate');
    expect(idOf(press('?', { shiftKey: true }), state())).toBe('help');
  });

  it('takes no decision while one is being sent, on my own work, or past the last tier', () => {
    for (const k of ['a', 'r', 'c', 'e']) expect(idOf(k, state({ locked: true }))).toBeUndefined();
    expect(idOf('e', state({ canEscalate: false }))).toBeUndefined();
    expect(idOf('?', state({ locked: true }))).toBe('help');
  });

  it('chooses an annotation by number only when there are several', () => {
    expect(idOf('2', state())).toBeUndefined();
    expect(idOf('2', state({ annotations: 3 }))).toBe('choose');
  });

  it('in the comment box, keys type text: only Ctrl+Enter sends and Escape closes', () => {
    const typing = state({ mode: 'reject' });
    expect(idOf('a', typing, true)).toBeUndefined();
    expect(idOf('?', typing, true)).toBeUndefined();
    expect(idOf(press('Enter', { ctrlKey: true }), typing, true)).toBe('confirm');
    expect(idOf(press('Escape'), typing, true)).toBe('escape');
  });

  it('leaves every key to the editor while a correction is edited', () => {
    for (const a of REVIEW_ACTIONS)
      for (const k of a.keys) expect(idOf(k, state({ mode: 'correct' }))).toBeUndefined();
  });
});

describe('correction actions', () => {
  it('keep the editing keys and drop the queue ones; submitting shows the difference', () => {
    const ids = correctionActions(SCHEMA).map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['submit', 'undo', 'redo', 'deleteSpan', 'caret', 'help']));
    for (const gone of ['skip', 'save', 'previousItem', 'nextItem', 'accept', 'guidelines'])
      expect(ids).not.toContain(gone);
    expect(correctionActions(SCHEMA).find((a) => a.id === 'submit')?.label).toMatch(/difference/);
    expect(duplicateKeys(correctionActions(SCHEMA))).toEqual([]);
  });

  it('on an image, leave shape label keys to the canvas and keep the choices', () => {
    const ids = correctionActions(SCHEMA, true).map((a) => a.id);
    expect(ids).toContain('label:topic:history');
    expect(ids).not.toContain('label:objects:car');
    expect(ids).not.toContain('caret');
  });
});
