import { describe, expect, it } from 'vitest';
import type { ShapeTask } from '../../../shared/formats/imageShapes.ts';
import {
  findImageAction,
  IMAGE_ACTIONS,
  type ImageActionState,
  type ImageCommands,
  labelHotkeys,
} from './actions.ts';
import type { ToolId } from './tools.ts';

const all = new Set<ToolId>(['select', 'box', 'polygon', 'point']);
const idle: ImageActionState = { selected: false, busy: false, tools: all };

function recorder() {
  const calls: string[] = [];
  const c: ImageCommands = {
    tool: (id) => calls.push(`tool:${id}`),
    backspace: () => calls.push('backspace'),
    duplicate: () => calls.push('duplicate'),
    nudge: (dx, dy) => calls.push(`nudge:${dx},${dy}`),
    cycle: (d) => calls.push(`cycle:${d}`),
    escape: () => calls.push('escape'),
    finish: () => calls.push('finish'),
    zoom: (f) => calls.push(`zoom:${f}`),
    fit: () => calls.push('fit'),
    actualSize: () => calls.push('actualSize'),
    toggleShapes: () => calls.push('toggleShapes'),
  };
  return { c, calls };
}

function press(combo: string, state: ImageActionState) {
  const { c, calls } = recorder();
  findImageAction(IMAGE_ACTIONS, combo, state)?.run(c, combo);
  return calls;
}

describe('image actions', () => {
  it('binds every combination once, so the help overlay cannot lie', () => {
    const keys = IMAGE_ACTIONS.flatMap((a) => a.keys);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('never uses a key a label hotkey could take', () => {
    const labelKey = /^[a-z0-9`\-=[\];',./]$/;
    for (const a of IMAGE_ACTIONS) for (const k of a.keys) expect(k, a.id).not.toMatch(labelKey);
  });

  it('runs actions only where they make sense', () => {
    expect(press('alt+b', idle)).toEqual(['tool:box']);
    expect(press('alt+b', { ...idle, tools: new Set<ToolId>(['select']) })).toEqual([]);
    expect(press('mod+d', idle)).toEqual([]);
    expect(press('mod+d', { ...idle, selected: true })).toEqual(['duplicate']);
    expect(press('shift+arrowleft', { ...idle, selected: true })).toEqual(['nudge:-10,0']);
    expect(press('arrowdown', { ...idle, selected: true })).toEqual(['nudge:0,1']);
    expect(press('backspace', { ...idle, busy: true })).toEqual(['backspace']);
    expect(press('enter', idle)).toEqual([]);
    expect(press('enter', { ...idle, busy: true })).toEqual(['finish']);
    expect(press('mod+0', idle)).toEqual(['fit']);
  });

  it('maps label hotkeys of the image tasks', () => {
    const tasks: ShapeTask[] = [
      { name: 'objects', type: 'boxes', labels: [{ value: 'car', hotkey: 'c' }, { value: 'bus' }] },
      { name: 'marks', type: 'points', labels: [{ value: 'eye', hotkey: '1' }] },
    ];
    const keys = labelHotkeys(tasks);
    expect([...keys.keys()]).toEqual(['c', '1']);
    expect(keys.get('1')).toEqual({ task: tasks[1], label: 'eye' });
  });
});
