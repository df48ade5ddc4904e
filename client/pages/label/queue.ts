import type { WorkItem } from '../../../shared/annotate.ts';
import { nextItem } from '../../annotate/api.ts';

/** A prefetched item is used only if its lease has at least this long to run. */
const LEASE_MARGIN_MS = 60_000;

/**
 * My queue in one project, one item ahead: while I work on an item the next one is fetched (and
 * leased for me), so moving on after a submit or a skip shows it at once. The server holds at
 * most two leases per annotator: the item on screen and the one prefetched.
 */
export class Queue {
  private ahead: { forId: number; item: Promise<WorkItem | null> } | null = null;

  constructor(readonly projectId: number) {}

  /** My current item: the oldest I hold, or a new one; null when there is nothing for me. */
  first(): Promise<WorkItem | null> {
    return nextItem(this.projectId);
  }

  /** Starts fetching the item after `currentId`. */
  prefetch(currentId: number) {
    if (this.ahead?.forId === currentId) return;
    this.ahead = { forId: currentId, item: nextItem(this.projectId, currentId).catch(() => null) };
  }

  /** The item after `doneId` (submitted or skipped): the prefetched one when it is still mine. */
  async after(doneId: number): Promise<WorkItem | null> {
    const ahead = this.ahead?.forId === doneId ? this.ahead.item : null;
    this.ahead = null;
    const item = ahead ? await ahead : null;
    if (item && item.id !== doneId && leaseLeft(item) > LEASE_MARGIN_MS) return item;
    // No prefetch, an expired one, or an empty answer then: the queue may have moved since.
    return nextItem(this.projectId);
  }
}

/** Time left on my lease; items held without a lease (returned by a reviewer) stay mine. */
function leaseLeft(item: WorkItem): number {
  return item.leaseUntil ? Date.parse(item.leaseUntil) - Date.now() : Number.POSITIVE_INFINITY;
}
