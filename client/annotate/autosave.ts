import type { Labels } from '../../shared/labels.ts';
import { ApiError } from '../api/http.ts';
import { putDraft, putDraftKeepalive } from './api.ts';

/**
 * Never lose work: a change is saved to the server ~2 s after it happens, at once when the tab
 * hides or the page goes away, and kept in localStorage (by item id) until the server has it. If
 * the server cannot be reached the draft stays local, the screen says so, and saving is retried
 * until it goes through.
 */

export type SaveState =
  | { kind: 'clean' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'offline' }
  | { kind: 'error'; message: string };

export interface LocalDraft {
  labels: Labels;
  savedAt: string;
}

const localKey = (itemId: number) => `gloss.draft.${itemId}`;

export function readLocalDraft(itemId: number): LocalDraft | null {
  try {
    const raw = localStorage.getItem(localKey(itemId));
    if (!raw) return null;
    const d = JSON.parse(raw) as LocalDraft;
    return d && typeof d.labels === 'object' && typeof d.savedAt === 'string' ? d : null;
  } catch {
    return null;
  }
}

function writeLocalDraft(itemId: number, labels: Labels) {
  try {
    localStorage.setItem(localKey(itemId), JSON.stringify({ labels, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or disabled: the server copy is all we have; the save state will show it.
  }
}

export function clearLocalDraft(itemId: number) {
  try {
    localStorage.removeItem(localKey(itemId));
  } catch {
    // Nothing to clean up when storage is unavailable.
  }
}

const DELAY_MS = 2000;
const RETRY_MAX_MS = 30_000;

export class Autosaver {
  /** Labels not yet on the server. */
  private unsaved: Labels | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> = Promise.resolve();
  private retryMs = DELAY_MS;
  /** Attached to a screen: only then are failed saves retried. */
  private live = false;
  state: SaveState = { kind: 'clean' };

  constructor(
    readonly itemId: number,
    private readonly onState: (s: SaveState) => void,
    private readonly delayMs = DELAY_MS,
  ) {}

  private setState(s: SaveState) {
    this.state = s;
    this.onState(s);
  }

  /** The screen showing the item mounted: retry when the network comes back. */
  attach() {
    this.live = true;
    window.addEventListener('online', this.onOnline);
  }

  /**
   * The screen goes away: send what is unsaved one last time. If that fails the draft stays in
   * localStorage, and the next time the item opens it is restored from there and sent again.
   */
  detach() {
    this.live = false;
    window.removeEventListener('online', this.onOnline);
    void this.flush();
  }

  private onOnline = () => {
    if (this.unsaved) void this.flush();
  };

  /** Labels changed: save them soon. */
  changed(labels: Labels) {
    this.unsaved = labels;
    this.retryMs = DELAY_MS;
    if (this.state.kind !== 'offline' && this.state.kind !== 'error') this.setState({ kind: 'pending' });
    this.schedule(this.delayMs);
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** Saves now; resolves true once the server has the latest labels. */
  flush(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One request at a time, so an older draft can never land after a newer one.
    const run = this.inflight.then(() => this.send());
    this.inflight = run.then(() => undefined);
    return run;
  }

  private async send(): Promise<boolean> {
    const labels = this.unsaved;
    if (!labels) return true;
    writeLocalDraft(this.itemId, labels);
    this.setState({ kind: 'saving' });
    try {
      await putDraft(this.itemId, labels);
    } catch (e) {
      if (!this.live) return false;
      if (e instanceof ApiError && e.status !== 0 && e.status < 500) {
        this.setState({ kind: 'error', message: e.message });
      } else {
        this.setState({ kind: 'offline' });
        this.schedule(this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      }
      return false;
    }
    if (this.unsaved === labels) {
      this.unsaved = null;
      clearLocalDraft(this.itemId);
      this.retryMs = DELAY_MS;
      this.setState({ kind: 'saved', at: Date.now() });
      return true;
    }
    return this.send();
  }

  /** The tab hides or the page unloads: keep a local copy and send it with a request that outlives the page. */
  flushOnHide() {
    const labels = this.unsaved;
    if (!labels) return;
    writeLocalDraft(this.itemId, labels);
    if (!putDraftKeepalive(this.itemId, labels)) void this.flush();
  }

  /** Stops the pending save and waits for the one in flight (before a submit replaces the draft). */
  async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inflight;
  }

  /** Forget pending work (after a submit: the annotation replaces the draft). */
  discard() {
    this.unsaved = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    clearLocalDraft(this.itemId);
  }

  get dirty(): boolean {
    return this.unsaved !== null;
  }
}
