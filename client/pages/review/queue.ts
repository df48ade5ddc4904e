import type { ReviewWork } from '../../../shared/review/api.ts';
import { nextReview } from '../../api/review.ts';

/** A prefetched item is used only if its lease has at least this long to run. */
const LEASE_MARGIN_MS = 60_000;

/**
 * My review queue at one tier, one item ahead: while I look at an item the next one is fetched
 * (and leased for me) with `exclude`, so after a decision the next item shows at once.
 */
export class ReviewQueue {
  private ahead: { forId: number; work: Promise<ReviewWork | null> } | null = null;

  constructor(
    readonly projectId: number,
    readonly tier: string,
  ) {}

  /** The item I hold at this tier, or a new one; null when the tier has nothing for me. */
  first(): Promise<ReviewWork | null> {
    return nextReview(this.projectId, this.tier);
  }

  /** Starts fetching the item after `currentId`. */
  prefetch(currentId: number) {
    if (this.ahead?.forId === currentId) return;
    this.ahead = {
      forId: currentId,
      work: nextReview(this.projectId, this.tier, currentId).catch(() => null),
    };
  }

  /** The item after `doneId` (decided, or one I may not review): the prefetched one when still mine. */
  async after(doneId: number): Promise<ReviewWork | null> {
    const ahead = this.ahead?.forId === doneId ? this.ahead.work : null;
    this.ahead = null;
    const work = ahead ? await ahead : null;
    if (work && work.item.id !== doneId && Date.parse(work.leaseUntil) - Date.now() > LEASE_MARGIN_MS)
      return work;
    return nextReview(this.projectId, this.tier, doneId);
  }
}
