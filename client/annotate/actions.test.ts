import { describe, expect, it } from 'vitest';
import { completeSchema, type LabelSchema, LabelSchemaSchema } from '../../shared/labelSchema.ts';
import { type ActionState, annotatorActions, duplicateKeys, EDITOR_ACTIONS, findAction } from './actions.ts';
import { comboOf, formatCombo } from './keys.ts';

const idle: ActionState = {
  caret: false,
  spanSelected: false,
  hasSpans: true,
  suggestions: false,
  overlay: false,
};
const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => comboOf({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods })!;

/** A schema using every key a label hotkey may be (shared/labelSchema.ts HOTKEY). */
const everyHotkey: LabelSchema = LabelSchemaSchema.parse({
  tasks: [
    {
      name: 'entities',
      type: 'spans',
      labels: 'abcdefghijklmnopqrstuvwxyz'.split('').map((k) => ({ value: `L${k}`, hotkey: k })),
    },
    {
      name: 'topic',
      type: 'choices',
      labels: "0123456789`-=[];',./".split('').map((k, i) => ({ value: `C${i}`, hotkey: k })),
    },
  ],
});

describe('actions table', () => {
  it('binds no key twice, even with a label on every possible hotkey', () => {
    expect(duplicateKeys(EDITOR_ACTIONS)).toEqual([]);
    expect(duplicateKeys(annotatorActions(everyHotkey))).toEqual([]);
  });

  it('gives every action a key and a label, and uses unique ids', () => {
    const actions = annotatorActions(completeSchema(everyHotkey));
    for (const a of actions) {
      expect(a.keys.length).toBeGreaterThan(0);
      expect(a.label.length).toBeGreaterThan(3);
    }
    expect(new Set(actions.map((a) => a.id)).size).toBe(actions.length);
  });

  it('turns schema hotkeys into label actions', () => {
    const actions = annotatorActions(everyHotkey);
    expect(findAction(actions, press('p'), idle, false)?.id).toBe('label:entities:Lp');
    expect(findAction(actions, press('P', { shiftKey: true }), idle, false)?.id).toBe('label:entities:Lp');
    expect(findAction(actions, press('3'), idle, false)?.id).toBe('label:topic:C3');
  });

  it('finds actions by combination, state and focus', () => {
    const actions = annotatorActions(everyHotkey);
    expect(findAction(actions, press('Enter', { ctrlKey: true }), idle, false)?.id).toBe('submit');
    expect(findAction(actions, press('Enter', { metaKey: true }), idle, true)?.id).toBe('submit');
    expect(findAction(actions, press('z', { ctrlKey: true }), idle, true)).toBeUndefined();
    expect(findAction(actions, press('Z', { ctrlKey: true, shiftKey: true }), idle, false)?.id).toBe('redo');
    expect(findAction(actions, press('y', { ctrlKey: true }), idle, false)?.id).toBe('redo');
    expect(findAction(actions, press('?', { shiftKey: true }), idle, false)?.id).toBe('help');
    expect(findAction(actions, press('Delete'), idle, false)).toBeUndefined();
    expect(findAction(actions, press('Delete'), { ...idle, spanSelected: true }, false)?.id).toBe(
      'deleteSpan',
    );
    expect(findAction(actions, press('ArrowLeft'), idle, false)).toBeUndefined();
    expect(
      findAction(
        actions,
        press('ArrowLeft', { shiftKey: true, ctrlKey: true }),
        { ...idle, caret: true },
        false,
      )?.id,
    ).toBe('caretExtendWord');
    const overlay = { ...idle, overlay: true };
    expect(findAction(actions, press('p'), overlay, false)).toBeUndefined();
    expect(findAction(actions, press('Escape'), overlay, false)?.id).toBe('escape');
  });

  it('gives a free-text task a key that also works from inside a field', () => {
    expect(annotatorActions(everyHotkey).some((a) => a.id === 'textTask')).toBe(false);
    const withText = LabelSchemaSchema.parse({
      tasks: [...everyHotkey.tasks, { name: 'note', type: 'text' }],
    });
    const actions = annotatorActions(withText);
    expect(duplicateKeys(actions)).toEqual([]);
    expect(findAction(actions, press('t', { altKey: true }), idle, true)?.id).toBe('textTask');
  });

  it('shows combinations the way a keyboard labels them', () => {
    expect(formatCombo('mod+shift+z')).toBe('Ctrl+Shift+Z');
    expect(formatCombo('mod+enter', true)).toBe('⌘↩');
    expect(formatCombo('alt+arrowup')).toBe('Alt+↑');
    expect(formatCombo('?')).toBe('?');
    expect(press('å', { altKey: true })).toBe('alt+å');
    expect(
      comboOf({ key: 'å', code: 'KeyA', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false }),
    ).toBe('alt+a');
    expect(
      comboOf({ key: 'Shift', ctrlKey: false, metaKey: false, altKey: false, shiftKey: true }),
    ).toBeNull();
  });
});
