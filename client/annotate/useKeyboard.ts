import { useEffect, useRef } from 'react';
import { type Action, type ActionState, type Commands, findAction } from './actions.ts';
import { comboOf } from './keys.ts';

const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/**
 * One window key handler for a screen: `find` turns a key combination into what to run, or
 * nothing. While the focus is in a text field only what `find` allows there runs (it gets
 * `inInput`); Enter and Space on a focused button or link keep their native meaning. The latest
 * `find` is used, so it may close over the render's state.
 */
export function useComboKeys(find: (combo: string, inInput: boolean) => (() => void) | undefined) {
  const latest = useRef(find);
  latest.current = find;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const combo = comboOf(e);
      if (!combo) return;
      const target = e.target instanceof Element ? e.target : null;
      const inInput = target?.closest(TYPING) != null;
      if (!inInput && (combo === 'enter' || combo === 'space') && target?.closest('button, a[href], summary'))
        return;
      const run = latest.current(combo, inInput);
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The one key handler of the annotator: it looks the combination up in the actions table, where
 * the actions marked `inInputs` are the ones that work in a text field (Escape leaves it).
 */
export function useKeyboard(actions: readonly Action[], state: () => ActionState, commands: Commands) {
  useComboKeys((combo, inInput) => {
    const action = findAction(actions, combo, state(), inInput);
    return action && (() => action.run(commands, combo));
  });
}
