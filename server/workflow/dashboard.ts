import { projectAgreement } from '../../shared/agreement/index.ts';
import type { AnnotatorLabels } from '../../shared/agreement/schemas.ts';
import type { Labels } from '../../shared/labels.ts';
import type { Dashboard } from '../../shared/review/api.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { median, STATS_WINDOW } from './annotations.ts';
import { tiersOf } from './review.ts';

/** Days of throughput shown, today (UTC) included. */
export const THROUGHPUT_DAYS = 30;
/** The agreement figures are taken over at most this many of the latest items with 2+ annotations. */
export const AGREEMENT_SAMPLE = 5000;
/** The name of the annotation entry of `timeByTier`, before the tiers. */
export const ANNOTATION_TIME = 'Annotation';

/** The UTC days from `days - 1` days ago to today, oldest first, as YYYY-MM-DD. */
function lastDays(now: number, days: number): string[] {
  const today = Math.floor(now / 86_400_000);
  return Array.from({ length: days }, (_, i) =>
    new Date((today - days + 1 + i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * The project's dashboard (GET /api/projects/:id/dashboard). Every figure comes from one index
 * range of the project; per-annotator medians are over their latest STATS_WINDOW lead times (as
 * in their own stats panel), and agreement over the latest AGREEMENT_SAMPLE items that two or
 * more people annotated.
 */
export function projectDashboard(ctx: Ctx, project: ProjectRecord, now = Date.now()): Dashboard {
  const id = project.id;
  const tiers = tiersOf(project);
  const d = ctx.dashboard;

  const waiting = new Map(d.byTier(id).map((r) => [r.tier, r.n]));
  const byTier = tiers.map((t, i) => ({ tier: t.name, waiting: waiting.get(i) ?? 0 }));

  const days = lastDays(now, THROUGHPUT_DAYS);
  const since = `${days[0]}T00:00:00.000Z`;
  const submitted = new Map(d.submittedPerDay(id, since).map((r) => [r.day, r.n]));
  const reviewed = new Map(d.reviewedPerDay(id, since).map((r) => [r.day, r.n]));
  const throughput = days.map((day) => ({
    day,
    submitted: submitted.get(day) ?? 0,
    reviewed: reviewed.get(day) ?? 0,
  }));

  const rows = d.annotators(id);
  const approvals = new Map(d.approvals(id).map((r) => [r.user_id, r]));
  const annotators = rows.map((r) => {
    const verdicts = approvals.get(r.user_id);
    return {
      username: r.username,
      submitted: r.submitted,
      medianSeconds: median(d.leadTimes(id, r.user_id, STATS_WINDOW)),
      approvalRate: verdicts ? verdicts.approved / verdicts.reviewed : null,
      goldAccuracy: r.gold_items > 0 ? r.gold_accuracy : null,
      goldItems: r.gold_items,
    };
  });

  const sample: { annotations: AnnotatorLabels[] }[] = [];
  let last = -1;
  for (const a of d.agreementSample(id, AGREEMENT_SAMPLE)) {
    if (a.item_id !== last) sample.push({ annotations: [] });
    last = a.item_id;
    sample[sample.length - 1]!.annotations.push({ by: a.username, labels: JSON.parse(a.labels) as Labels });
  }
  const agreement = projectAgreement(project.schema, sample);
  const agreementByLabel = Object.entries(agreement.perLabel).flatMap(([task, labels]) =>
    Object.entries(labels).map(([label, v]) => ({ task, label, score: v.score })),
  );

  const spent = new Map(d.timeByTier(id).map((r) => [r.tier, r]));
  const tierTime = (name: string) => {
    const r = spent.get(name);
    spent.delete(name);
    return { tier: name, seconds: r?.seconds ?? 0, decisions: r?.decisions ?? 0 };
  };
  const timeByTier = [
    {
      tier: ANNOTATION_TIME,
      seconds: rows.reduce((n, r) => n + r.seconds, 0),
      decisions: rows.reduce((n, r) => n + r.submitted, 0),
    },
    ...tiers.map((t) => tierTime(t.name)),
    // Decisions taken at tiers since renamed or removed still cost what they cost.
    ...[...spent.keys()].map(tierTime),
  ];

  return {
    byStatus: ctx.projects.counts(id),
    byTier,
    throughput,
    annotators,
    agreementByLabel,
    agreement: agreement.score,
    timeByTier,
  };
}
