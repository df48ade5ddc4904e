import type { WorkItem } from '../../shared/annotate.ts';
import { formatDateTime } from '../ui/format.ts';

/**
 * A reviewer sent this item back: their comment, shown beside the item until it is resubmitted.
 * The fix goes back to the tier that rejected it.
 */
export function RejectionBanner({ rejection }: { rejection: NonNullable<WorkItem['rejection']> }) {
  return (
    <section
      className="ann-banner ann-rejection"
      aria-label="Sent back by a reviewer"
      data-testid="rejection"
    >
      <div className="ann-rejection-head">
        <strong>Sent back by {rejection.by}</strong>
        <time className="muted small" dateTime={rejection.at}>
          {formatDateTime(rejection.at)}
        </time>
      </div>
      <blockquote dir="auto">{rejection.comment}</blockquote>
      <p className="muted small">
        Fix what the comment asks and resubmit: the item goes back to the reviewer's tier.
      </p>
    </section>
  );
}
