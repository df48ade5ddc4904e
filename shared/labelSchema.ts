import { z } from 'zod';

/** Task kinds a label schema can hold (handbook section 3). */
export const TASK_TYPES = ['choices', 'spans', 'boxes', 'polygons', 'points', 'text'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TEXT_TASKS: readonly TaskType[] = ['spans'];
export const IMAGE_TASKS: readonly TaskType[] = ['boxes', 'polygons', 'points'];

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
/** One printable key, no modifiers: letters, digits and punctuation an annotator can press. */
const HOTKEY = /^[a-z0-9`\-=[\];',./]$/;

export const LabelDefSchema = z.strictObject({
  value: z.string().trim().min(1, 'a label needs a value').max(100),
  color: z.string().regex(HEX_COLOR, 'colour must look like #1e90ff').optional(),
  hotkey: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(HOTKEY, 'a hotkey is one letter, digit or punctuation key'))
    .optional(),
});
export type LabelDef = z.infer<typeof LabelDefSchema>;

const taskBase = {
  name: z
    .string()
    .trim()
    .min(1, 'a task needs a name')
    .max(60)
    .regex(/^[\p{L}\p{N}_-]+$/u, 'task names use letters, digits, _ and - only'),
  required: z.boolean().optional(),
  /** Shown to annotators above the task. */
  description: z.string().max(2000).optional(),
};
const labelList = z.array(LabelDefSchema).min(1, 'add at least one label').max(200);

export const TaskSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...taskBase,
    type: z.literal('choices'),
    multiple: z.boolean().optional(),
    labels: labelList,
  }),
  z.strictObject({ ...taskBase, type: z.literal('spans'), labels: labelList }),
  z.strictObject({ ...taskBase, type: z.literal('boxes'), labels: labelList }),
  z.strictObject({ ...taskBase, type: z.literal('polygons'), labels: labelList }),
  z.strictObject({ ...taskBase, type: z.literal('points'), labels: labelList }),
  z.strictObject({ ...taskBase, type: z.literal('text'), maxLength: z.number().int().positive().optional() }),
]);
export type Task = z.infer<typeof TaskSchema>;
export type LabelledTask = Extract<Task, { labels: LabelDef[] }>;

/** Palette for labels whose colour was left out: distinct, readable on white and as highlights. */
export const PALETTE = [
  '#e11d48',
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ea580c',
  '#4f46e5',
  '#0d9488',
  '#9333ea',
] as const;

/** Keys reserved for actions in the annotator (undo, submit, help, skip...). */
export const RESERVED_HOTKEYS = new Set(['?', ' ']);

export function hasLabels(task: Task): task is LabelledTask {
  return task.type !== 'text';
}

/** Checks what zod's shape cannot: unique names, unique values per task, unique hotkeys. */
function checkUnique(tasks: Task[], ctx: z.RefinementCtx) {
  const names = new Set<string>();
  const hotkeys = new Map<string, string>();
  tasks.forEach((task, ti) => {
    if (names.has(task.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', ti, 'name'],
        message: `task name "${task.name}" is used twice`,
      });
    }
    names.add(task.name);
    if (!hasLabels(task)) return;
    const values = new Set<string>();
    task.labels.forEach((label, li) => {
      if (values.has(label.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', ti, 'labels', li, 'value'],
          message: `label "${label.value}" appears twice in task "${task.name}"`,
        });
      }
      values.add(label.value);
      if (!label.hotkey) return;
      const owner = hotkeys.get(label.hotkey);
      if (owner) {
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', ti, 'labels', li, 'hotkey'],
          message: `hotkey "${label.hotkey}" is already used by ${owner}`,
        });
      } else {
        hotkeys.set(label.hotkey, `"${label.value}" in ${task.name}`);
      }
    });
  });
}

export const LabelSchemaSchema = z
  .strictObject({ tasks: z.array(TaskSchema).max(50) })
  .superRefine((s, ctx) => checkUnique(s.tasks, ctx));
export type LabelSchema = z.infer<typeof LabelSchemaSchema>;

const HOTKEY_POOL = '1234567890qwertyuiopasdfghjklzxcvbnm'.split('');

/**
 * Fills in colours and hotkeys that a schema file left out, without touching the ones given.
 * Hotkeys are handed out in keyboard order, skipping any key already taken; once the pool runs
 * out the remaining labels simply have no hotkey (they stay clickable).
 */
export function completeSchema(schema: LabelSchema): LabelSchema {
  const taken = new Set<string>();
  for (const task of schema.tasks) {
    if (hasLabels(task)) for (const l of task.labels) if (l.hotkey) taken.add(l.hotkey);
  }
  const free = HOTKEY_POOL.filter((k) => !taken.has(k));
  let colour = 0;
  return {
    tasks: schema.tasks.map((task) => {
      if (!hasLabels(task)) return task;
      return {
        ...task,
        labels: task.labels.map((l) => ({
          ...l,
          color: l.color ?? PALETTE[colour++ % PALETTE.length],
          hotkey: l.hotkey ?? free.shift(),
        })),
      };
    }) as Task[],
  };
}

/** Whether a project is about text or images, judged from its tasks. */
export function schemaMedia(schema: LabelSchema): 'text' | 'image' {
  return schema.tasks.some((t) => IMAGE_TASKS.includes(t.type)) ? 'image' : 'text';
}
