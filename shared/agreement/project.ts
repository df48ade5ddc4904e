import type { LabelSchema } from '../labelSchema.ts';
import type { TaskAnswers } from './answers.ts';
import { type ChoicesTask, choiceUnits, labelUnit, type Unit } from './choiceUnits.ts';
import { summarizeItem } from './item.ts';
import { type Category, categoryCounts, cohenKappa, fleissKappa } from './kappa.ts';
import { krippendorffAlphaNominal } from './krippendorff.ts';
import { compareItem } from './pairwise.ts';
import {
  type AgreementOptionsInput,
  AgreementOptionsSchema,
  type AnnotatorLabels,
  type ProjectAgreement,
} from './schemas.ts';
import { mean } from './scores.ts';

/** Items of a project, each with its annotators' results. */
export type ProjectItems = readonly { annotations: readonly AnnotatorLabels[] }[];

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Fleiss' kappa needs the same number of raters on every unit; null otherwise. */
function fleissOf(units: readonly Unit[]): number | null {
  const sizes = new Set(units.map((u) => u.size));
  if (sizes.size !== 1) return null;
  return fleissKappa(categoryCounts(units.map((u) => [...u.values()])));
}

const alphaOf = (units: readonly Unit[]) => krippendorffAlphaNominal(units.map((u) => [...u.values()]));

/**
 * Agreement over a set of items (a project, or a filtered part of one), for the dashboard and the
 * export. F1 figures are means over (item, annotator pair) cases, the same pairwise scores as
 * `itemAgreement`; choices tasks also get chance-corrected coefficients: Krippendorff's alpha
 * (nominal; items may have different annotators), Fleiss' kappa (when every item has the same
 * number of annotators), and Cohen's kappa per annotator pair over the items both annotated.
 * Items with fewer than two annotations are left out.
 */
export function projectAgreement(
  schema: LabelSchema,
  items: ProjectItems,
  options: AgreementOptionsInput = {},
): ProjectAgreement {
  const opts = AgreementOptionsSchema.parse(options);
  const itemScores: number[] = [];
  const taskScores = new Map<string, number[]>();
  const labelScores = new Map<string, Map<string, number[]>>();
  const taskUnits = new Map<string, Unit[]>();
  const labelUnits = new Map<string, Map<string, Unit[]>>();
  // Pair key -> per item, the pair's mean F1 over tasks; and per choices task, both sides' categories.
  const pairScores = new Map<string, number[]>();
  const pairRatings = new Map<string, Map<string, { a: Category[]; b: Category[] }>>();

  for (const { annotations } of items) {
    if (annotations.length < 2) continue;
    const byList = annotations.map((a) => a.by);
    const comparisons = compareItem(schema, annotations, opts);
    const summary = summarizeItem(comparisons);
    if (summary.score !== null) itemScores.push(summary.score);
    for (const [task, score] of Object.entries(summary.perTask)) push(taskScores, task, score);

    const perPairTasks = new Map<string, number[]>();
    for (const { task, answers, pairs } of comparisons) {
      const labels = labelScores.get(task.name) ?? new Map<string, number[]>();
      labelScores.set(task.name, labels);
      for (const pair of pairs) {
        for (const [label, value] of pair.perLabel) push(labels, label, value);
        push(perPairTasks, pairKey(byList[pair.i]!, byList[pair.j]!), pair.f1);
      }
      if (task.type !== 'choices') continue;
      const units = choiceUnits(task, byList, answers);
      for (const unit of units) push(taskUnits, task.name, unit);
      collectLabelUnits(labelUnits, task, byList, answers);
      collectPairRatings(pairRatings, task.name, byList, units);
    }
    for (const [key, scores] of perPairTasks) push(pairScores, key, mean(scores)!);
  }

  const choiceTasks = new Set(schema.tasks.filter((t) => t.type === 'choices').map((t) => t.name));
  const perTask: ProjectAgreement['perTask'] = {};
  const perLabel: ProjectAgreement['perLabel'] = {};
  for (const [name, labels] of labelScores) {
    const units = taskUnits.get(name) ?? [];
    const isChoice = choiceTasks.has(name);
    perTask[name] = {
      score: mean(taskScores.get(name) ?? []),
      alpha: isChoice ? alphaOf(units) : null,
      fleiss: isChoice ? fleissOf(units) : null,
    };
    const labelNames = new Set([...labels.keys(), ...(labelUnits.get(name)?.keys() ?? [])]);
    perLabel[name] = Object.fromEntries(
      [...labelNames].map((label) => {
        const binary = labelUnits.get(name)?.get(label);
        return [label, { score: mean(labels.get(label) ?? []), alpha: binary ? alphaOf(binary) : null }];
      }),
    );
  }

  const perPair = [...pairScores]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([key, scores]) => {
      const [a, b] = splitPairKey(key);
      const ratings = pairRatings.get(key);
      const kappa: Record<string, number | null> = {};
      for (const name of choiceTasks) {
        const r = ratings?.get(name);
        kappa[name] = r ? cohenKappa(r.a, r.b) : null;
      }
      return { a, b, items: scores.length, score: mean(scores), kappa };
    });

  return { score: mean(itemScores), items: itemScores.length, perTask, perLabel, perPair };
}

const SEPARATOR = '\u0000';

/** Pairs are unordered: the key puts the two names in sorted order. */
function pairKey(x: string, y: string): string {
  return x < y ? `${x}${SEPARATOR}${y}` : `${y}${SEPARATOR}${x}`;
}

function splitPairKey(key: string): [string, string] {
  const at = key.indexOf(SEPARATOR);
  return [key.slice(0, at), key.slice(at + 1)];
}

function collectLabelUnits(
  into: Map<string, Map<string, Unit[]>>,
  task: ChoicesTask,
  byList: readonly string[],
  answers: TaskAnswers,
) {
  const perLabel = into.get(task.name) ?? new Map<string, Unit[]>();
  into.set(task.name, perLabel);
  for (const { value } of task.labels) push(perLabel, value, labelUnit(byList, answers, value));
}

function collectPairRatings(
  into: Map<string, Map<string, { a: Category[]; b: Category[] }>>,
  taskName: string,
  byList: readonly string[],
  units: readonly Unit[],
) {
  for (let i = 0; i < byList.length; i++) {
    for (let j = i + 1; j < byList.length; j++) {
      const [a, b] = byList[i]! < byList[j]! ? [byList[i]!, byList[j]!] : [byList[j]!, byList[i]!];
      const key = pairKey(a, b);
      const perTask = into.get(key) ?? new Map<string, { a: Category[]; b: Category[] }>();
      into.set(key, perTask);
      const ratings = perTask.get(taskName) ?? { a: [], b: [] };
      perTask.set(taskName, ratings);
      for (const unit of units) {
        ratings.a.push(unit.get(a)!);
        ratings.b.push(unit.get(b)!);
      }
    }
  }
}
