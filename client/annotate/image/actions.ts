/**
 * Every keyboard action of the image editor in ONE list: the editor's key handler, its toolbar
 * titles and the host page's help overlay are all read from it. Combinations are written the way
 * ../keys.ts writes them (`mod+d`, `alt+b`, `shift+arrowleft`). Tool keys use Alt so they never
 * collide with label hotkeys, which may be any letter or digit. Undo, redo, submit and help belong
 * to the host page and are not listed here.
 */
import type { ShapeTask } from '../../../shared/formats/imageShapes.ts';
import type { ToolId } from './tools.ts';

/** What the actions can do; the editor implements it. */
export interface ImageCommands {
  tool(id: ToolId): void;
  /** Deletes the selected shape, or removes the last point of the polygon being drawn. */
  backspace(): void;
  duplicate(): void;
  nudge(dx: number, dy: number): void;
  cycle(dir: 1 | -1): void;
  /** Cancels the gesture in progress, else clears the selection, else goes back to Select. */
  escape(): void;
  finish(): void;
  zoom(factor: number): void;
  fit(): void;
  actualSize(): void;
  toggleShapes(): void;
}

/** The editor's situation, for actions that only make sense in some of them. */
export interface ImageActionState {
  selected: boolean;
  /** A drawing gesture is in progress (a polygon being clicked together, a box being dragged). */
  busy: boolean;
  /** Tools the schema allows (a drawing tool needs a task of its type). */
  tools: ReadonlySet<ToolId>;
}

export type ImageActionGroup = 'Tools' | 'Shapes' | 'View';

export interface ImageAction {
  id: string;
  label: string;
  group: ImageActionGroup;
  /** Combinations as ../keys.ts writes them; the first is the one shown on buttons. */
  keys: readonly string[];
  when?: (s: ImageActionState) => boolean;
  run: (c: ImageCommands, combo: string) => void;
}

const NUDGE: Record<string, [number, number]> = {
  arrowleft: [-1, 0],
  arrowright: [1, 0],
  arrowup: [0, -1],
  arrowdown: [0, 1],
};
function nudgeRun(step: number) {
  return (c: ImageCommands, combo: string) => {
    const [dx, dy] = NUDGE[combo.split('+').at(-1)!]!;
    c.nudge(dx * step, dy * step);
  };
}
const hasTool = (id: ToolId) => (s: ImageActionState) => s.tools.has(id);
const selected = (s: ImageActionState) => s.selected && !s.busy;

export const IMAGE_ACTIONS: readonly ImageAction[] = [
  {
    id: 'tool:select',
    label: 'Select and move',
    group: 'Tools',
    keys: ['alt+v'],
    run: (c) => c.tool('select'),
  },
  {
    id: 'tool:box',
    label: 'Box: drag to draw',
    group: 'Tools',
    keys: ['alt+b'],
    when: hasTool('box'),
    run: (c) => c.tool('box'),
  },
  {
    id: 'tool:polygon',
    label: 'Polygon: click the points; close on the first point, Enter or a double click',
    group: 'Tools',
    keys: ['alt+p'],
    when: hasTool('polygon'),
    run: (c) => c.tool('polygon'),
  },
  {
    id: 'tool:point',
    label: 'Point: click to place',
    group: 'Tools',
    keys: ['alt+k'],
    when: hasTool('point'),
    run: (c) => c.tool('point'),
  },
  {
    id: 'finish',
    label: 'Close the polygon being drawn',
    group: 'Tools',
    keys: ['enter'],
    when: (s) => s.busy,
    run: (c) => c.finish(),
  },
  {
    id: 'escape',
    label: 'Cancel the drawing, else clear the selection, else back to Select',
    group: 'Tools',
    keys: ['escape'],
    run: (c) => c.escape(),
  },
  {
    id: 'delete',
    label: 'Delete the selected shape (while drawing a polygon: remove its last point)',
    group: 'Shapes',
    keys: ['delete', 'backspace'],
    when: (s) => s.selected || s.busy,
    run: (c) => c.backspace(),
  },
  {
    id: 'duplicate',
    label: 'Duplicate the selected shape',
    group: 'Shapes',
    keys: ['mod+d'],
    when: selected,
    run: (c) => c.duplicate(),
  },
  {
    id: 'nextShape',
    label: 'Select the next shape',
    group: 'Shapes',
    keys: ['tab'],
    when: (s) => !s.busy,
    run: (c) => c.cycle(1),
  },
  {
    id: 'previousShape',
    label: 'Select the previous shape',
    group: 'Shapes',
    keys: ['shift+tab'],
    when: (s) => !s.busy,
    run: (c) => c.cycle(-1),
  },
  {
    id: 'nudge',
    label: 'Move the selected shape by 1 px',
    group: 'Shapes',
    keys: ['arrowleft', 'arrowright', 'arrowup', 'arrowdown'],
    when: selected,
    run: nudgeRun(1),
  },
  {
    id: 'nudgeFar',
    label: 'Move the selected shape by 10 px',
    group: 'Shapes',
    keys: ['shift+arrowleft', 'shift+arrowright', 'shift+arrowup', 'shift+arrowdown'],
    when: selected,
    run: nudgeRun(10),
  },
  {
    id: 'toggleShapes',
    label: 'Hide or show all shapes',
    group: 'View',
    keys: ['alt+h'],
    run: (c) => c.toggleShapes(),
  },
  { id: 'zoomIn', label: 'Zoom in', group: 'View', keys: ['mod+=', '+'], run: (c) => c.zoom(1.25) },
  { id: 'zoomOut', label: 'Zoom out', group: 'View', keys: ['mod+-'], run: (c) => c.zoom(0.8) },
  { id: 'fit', label: 'Fit the image to the screen', group: 'View', keys: ['mod+0'], run: (c) => c.fit() },
  {
    id: 'actualSize',
    label: 'Actual size (1:1)',
    group: 'View',
    keys: ['alt+0'],
    run: (c) => c.actualSize(),
  },
];

/** Pointer gestures, for the help overlay (they have no key of their own). */
export const IMAGE_GESTURES: readonly { how: string; label: string }[] = [
  { how: 'Wheel', label: 'Zoom towards the cursor' },
  { how: 'Space + drag, middle button drag', label: 'Pan' },
  { how: 'Drag on empty space (Select)', label: 'Pan' },
  { how: 'Drag a shape (Select)', label: 'Move it; drag a handle to resize a box or move a polygon point' },
  { how: 'Double click a polygon edge', label: 'Add a point there' },
  { how: 'Alt + click a polygon point', label: 'Remove that point' },
  { how: 'Label hotkey', label: 'Relabel the selected shape, or pick the label (and tool) to draw with' },
];

/** The action a key combination runs now, if any. */
export function findImageAction(
  actions: readonly ImageAction[],
  combo: string,
  state: ImageActionState,
): ImageAction | undefined {
  return actions.find((a) => a.keys.includes(combo) && (!a.when || a.when(state)));
}

/** Label hotkeys of the image tasks: combination -> the task and label it picks. */
export function labelHotkeys(tasks: readonly ShapeTask[]): Map<string, { task: ShapeTask; label: string }> {
  const keys = new Map<string, { task: ShapeTask; label: string }>();
  for (const task of tasks) {
    for (const l of task.labels)
      if (l.hotkey && !keys.has(l.hotkey)) keys.set(l.hotkey, { task, label: l.value });
  }
  return keys;
}
