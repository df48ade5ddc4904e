import { useEffect, useRef } from 'react';
import { type Action, type ActionState, type Commands, findAction } from './actions.ts';
import { comboOf } from './keys.ts';

const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/**
 * The one key handler of the annotator: it looks the combination up in the actions table. While
 * the focus is in a text field only the actions marked `inInputs` work (Escape leaves the field);
 * Enter and Space on a focused button or link keep their native meaning.
 */
export function useKeyboard(actions: readonly Action[], state: () => ActionState, commands: Commands) {
  const latest = useRef({ actions, state, commands });
  latest.current = { actions, state, commands };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const combo = comboOf(e);
      if (!combo) return;
      const target = e.target instanceof Element ? e.target : null;
      const inInput = target?.closest(TYPING) != null;
      if (!inInput && (combo === 'enter' || combo === 'space') && target?.closest('button, a[href], summary'))
        return;
      const { actions, state, commands } = latest.current;
      const action = findAction(actions, combo, state(), inInput);
      if (!action) return;
      e.preventDefault();
      action.run(commands, combo);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
