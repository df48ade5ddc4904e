import { type Ref, useState } from 'react';
import type { z } from 'zod';
import type { HistoryEntrySchema, MyStatsSchema } from '../../shared/annotate.ts';
import { Markdown } from '../ui/Markdown.tsx';
import { keepFocus } from './controls.tsx';

export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type MyStats = z.infer<typeof MyStatsSchema>;

export function formatSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s < 1) return '<1 s';
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

function ago(iso: string): string {
  const s = (Date.now() - Date.parse(iso)) / 1000;
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

/** My numbers for this project, shown in the toolbar. */
export function StatsLine({ stats }: { stats: MyStats | null }) {
  if (!stats) return null;
  return (
    <span className="ann-stats" data-testid="my-stats">
      <strong>{stats.doneToday}</strong> done today
      <span aria-hidden="true"> · </span>
      median <strong>{formatSeconds(stats.medianSeconds)}</strong>
      <span aria-hidden="true"> · </span>
      {stats.total} in all
    </span>
  );
}

/** Guidelines and my recent items, beside the text (Ctrl+I hides it). */
export function InfoPanel({
  guidelines,
  history,
  currentId,
  onOpen,
  ref,
}: {
  guidelines: string;
  history: readonly HistoryEntry[];
  currentId: number | null;
  onOpen: (itemId: number) => void;
  ref?: Ref<HTMLElement>;
}) {
  const [tab, setTab] = useState<'guidelines' | 'history'>(guidelines.trim() ? 'guidelines' : 'history');
  return (
    <aside className="ann-info" aria-label="Guidelines and history" ref={ref}>
      <div className="ann-info-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'guidelines'}
          className={tab === 'guidelines' ? 'active' : ''}
          onMouseDown={keepFocus}
          onClick={() => setTab('guidelines')}
        >
          Guidelines
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'history'}
          className={tab === 'history' ? 'active' : ''}
          onMouseDown={keepFocus}
          onClick={() => setTab('history')}
        >
          My history{history.length ? ` (${history.length})` : ''}
        </button>
      </div>
      {tab === 'guidelines' ? (
        guidelines.trim() ? (
          <Markdown source={guidelines} className="ann-guidelines" />
        ) : (
          <p className="muted small ann-info-empty">This project has no guidelines yet.</p>
        )
      ) : history.length ? (
        <ol className="ann-history">
          {history.map((h) => (
            <li key={h.itemId}>
              <button
                type="button"
                className={h.itemId === currentId ? 'current' : ''}
                aria-current={h.itemId === currentId ? 'true' : undefined}
                onMouseDown={keepFocus}
                onClick={() => onOpen(h.itemId)}
              >
                <span className={`ann-hstate ${h.state}`}>{h.state}</span>
                <span className="ann-hpreview" dir="auto">
                  {h.preview || h.extId}
                </span>
                <span className="ann-hmeta">
                  {h.extId} · {ago(h.at)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small ann-info-empty">Items you submit or skip show up here, to go back to.</p>
      )}
    </aside>
  );
}
