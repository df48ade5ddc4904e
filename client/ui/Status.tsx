import { ITEM_STATUSES, type ItemStatus, type Project } from '../../shared/api.ts';
import { formatCount } from './format.ts';

export const STATUS_LABELS: Record<ItemStatus, string> = {
  new: 'New',
  annotating: 'Annotating',
  submitted: 'Submitted',
  in_review: 'In review',
  rejected: 'Rejected',
  accepted: 'Accepted',
};

export function StatusBadge({ status }: { status: ItemStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status]}</span>;
}

export function totalItems(counts: Project['counts']): number {
  return ITEM_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

/** Items by status as one stacked bar, with a legend that says the same in words. */
export function StatusBar({ counts, legend = false }: { counts: Project['counts']; legend?: boolean }) {
  const total = totalItems(counts);
  const present = ITEM_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  const summary = present.map((s) => `${STATUS_LABELS[s]}: ${formatCount(counts[s] ?? 0)}`).join(', ');
  return (
    <div className="status-bar-wrap">
      <div className="status-bar" role="img" aria-label={total ? summary : 'no items yet'}>
        {present.map((s) => (
          <span
            key={s}
            className={`status-seg status-${s}`}
            style={{ flexGrow: counts[s] ?? 0 }}
            title={`${STATUS_LABELS[s]}: ${formatCount(counts[s] ?? 0)}`}
          />
        ))}
      </div>
      {legend && (
        <ul className="status-legend">
          {present.map((s) => (
            <li key={s}>
              <span className={`dot status-${s}`} aria-hidden="true" />
              {STATUS_LABELS[s]} <strong>{formatCount(counts[s] ?? 0)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
