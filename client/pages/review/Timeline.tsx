import type { TimelineEntry } from '../../../shared/review/api.ts';
import { itemTimeline } from '../../api/review.ts';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useResource } from '../../ui/useResource.ts';

const KIND_TEXT: Record<TimelineEntry['kind'], string> = {
  import: 'imported',
  draft: 'saved a draft',
  submit: 'submitted',
  skip: 'skipped',
  approve: 'approved',
  reject: 'rejected',
  correct: 'corrected and approved',
  escalate: 'escalated',
  'auto-escalate': 'escalated automatically (annotators disagreed)',
  'tier-move': 'changed the review tiers, which moved it',
};

/** Tone of each event's marker: decisions stand out from the work itself. */
const KIND_TONE: Partial<Record<TimelineEntry['kind'], string>> = {
  approve: 'ok',
  correct: 'ok',
  reject: 'bad',
  escalate: 'warn',
  'auto-escalate': 'warn',
  'tier-move': 'warn',
};

/** Everything that happened to one item, oldest first: drafts, submits, decisions, escalations. */
export function Timeline({ itemId }: { itemId: number }) {
  const res = useResource((signal) => itemTimeline(itemId, signal), [itemId]);
  if (res.error) return <ErrorNote error={res.error} onRetry={res.reload} />;
  if (!res.data) return <Skeleton rows={4} />;
  if (!res.data.length) return <EmptyState title="Nothing has happened to this item yet" />;
  return (
    <ol className="rv-timeline" aria-label="Item history">
      {res.data.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only, its order never changes
        <li key={i} className={`rv-event ${KIND_TONE[e.kind] ?? ''}`} data-kind={e.kind}>
          <span className="rv-event-dot" aria-hidden="true" />
          <div>
            <div>
              <strong>{e.by ?? 'Gloss'}</strong> {KIND_TEXT[e.kind]}
              {e.tier && <span className="chip muted-chip rv-event-tier">{e.tier}</span>}
            </div>
            {e.comment && (
              <blockquote className="rv-comment" dir="auto">
                {e.comment}
              </blockquote>
            )}
            <time className="muted small" dateTime={e.at}>
              {formatDateTime(e.at)}
            </time>
          </div>
        </li>
      ))}
    </ol>
  );
}
