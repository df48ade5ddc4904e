import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ITEM_STATUSES, type ItemRow, type ItemStatus } from '../../../shared/api.ts';
import { listItems } from '../../api/projects.ts';
import { EmptyState, ErrorNote } from '../../ui/Feedback.tsx';
import { formatCount } from '../../ui/format.ts';
import { STATUS_LABELS, StatusBadge, totalItems } from '../../ui/Status.tsx';
import { useDebounced } from '../../ui/useResource.ts';
import { ItemDrawer } from '../review/ItemDrawer.tsx';
import { useProject } from './ProjectPage.tsx';

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 38;
const PAGE = 100;

interface Filters {
  status: ItemStatus | '';
  tag: string;
  q: string;
}

interface Pages {
  items: ItemRow[];
  next: number | null;
  loading: boolean;
  error: Error | null;
}

/**
 * Items under the current filters, fetched page by page along the server's keyset (`next`).
 * A change of filters drops the pages and any request still in flight.
 */
function useItemPages(projectId: number, filters: Filters) {
  const [pages, setPages] = useState<Pages>({ items: [], next: null, loading: true, error: null });
  const inflight = useRef<AbortController | null>(null);
  const key = JSON.stringify(filters);

  const fetchPage = useCallback(
    (after: number | undefined) => {
      inflight.current?.abort();
      const ctl = new AbortController();
      inflight.current = ctl;
      setPages((p) => ({ ...p, loading: true, error: null }));
      const f = JSON.parse(key) as Filters;
      listItems(
        projectId,
        { status: f.status || undefined, tag: f.tag || undefined, q: f.q || undefined, after, limit: PAGE },
        ctl.signal,
      ).then(
        (page) => {
          if (ctl.signal.aborted) return;
          setPages((p) => ({
            items: after === undefined ? page.items : [...p.items, ...page.items],
            next: page.next,
            loading: false,
            error: null,
          }));
        },
        (e: unknown) => {
          if (ctl.signal.aborted) return;
          setPages((p) => ({ ...p, loading: false, error: e as Error }));
        },
      );
    },
    [projectId, key],
  );

  useEffect(() => {
    setPages({ items: [], next: null, loading: true, error: null });
    fetchPage(undefined);
    return () => inflight.current?.abort();
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (!pages.loading && !pages.error && pages.next !== null) fetchPage(pages.next);
  }, [pages.loading, pages.error, pages.next, fetchPage]);

  const retry = useCallback(
    () => fetchPage(pages.items.length ? (pages.next ?? undefined) : undefined),
    [fetchPage, pages.items.length, pages.next],
  );

  /** A row changed here (its tags edited): shown at once, without reloading the list. */
  const update = useCallback((id: number, patch: Partial<ItemRow>) => {
    setPages((p) => ({ ...p, items: p.items.map((it) => (it.id === id ? { ...it, ...patch } : it)) }));
  }, []);

  return { ...pages, loadMore, retry, update };
}

export function DataTab() {
  const { project, can } = useProject();
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const [tagText, setTagText] = useState('');
  const [qText, setQText] = useState('');
  const tag = useDebounced(tagText.trim(), 300);
  const q = useDebounced(qText.trim(), 300);
  const data = useItemPages(project.id, { status, tag, q });
  const filtered = Boolean(status || tag || q);
  const [opened, setOpened] = useState<ItemRow | null>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: data.items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // The sticky header sits inside the scroll area, above the first row.
    paddingStart: HEADER_HEIGHT,
    overscan: 12,
  });
  const virtualRows = rows.getVirtualItems();
  // Rows stay in normal table flow between two spacer rows, so columns line up with the header.
  const padTop = virtualRows.length ? virtualRows[0]!.start - HEADER_HEIGHT : 0;
  const padBottom = virtualRows.length ? rows.getTotalSize() - virtualRows.at(-1)!.end : 0;
  const lastIndex = virtualRows.at(-1)?.index ?? -1;
  const { loadMore } = data;
  useEffect(() => {
    if (lastIndex >= data.items.length - 20) loadMore();
  }, [lastIndex, data.items.length, loadMore]);

  const total = totalItems(project.counts);
  const expected = !tag && !q ? (status ? (project.counts[status] ?? 0) : total) : null;

  return (
    <section className="tab-body" aria-label="Data">
      <div className="filters">
        <input
          type="search"
          className="grow"
          placeholder="Search by id or text"
          aria-label="Search by id or text"
          value={qText}
          onChange={(e) => setQText(e.target.value)}
        />
        <select
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as ItemStatus | '')}
        >
          <option value="">All statuses ({formatCount(total)})</option>
          {ITEM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]} ({formatCount(project.counts[s] ?? 0)})
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder="Tag"
          aria-label="Tag"
          value={tagText}
          onChange={(e) => setTagText(e.target.value)}
        />
      </div>
      <div className="data-table">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the scroll area must be reachable to scroll it by keyboard */}
        <div className="data-scroll" ref={scrollRef} tabIndex={0}>
          <table
            aria-label="Items"
            aria-busy={data.loading}
            aria-rowcount={expected === null ? undefined : expected + 1}
          >
            <colgroup>
              <col className="c-id" />
              <col className="c-status" />
              <col />
              <col className="c-tags" />
              <col className="c-num" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Status</th>
                <th scope="col">Text or image</th>
                <th scope="col">Tags</th>
                <th scope="col" className="num">
                  Annotations
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.length === 0 && data.loading ? (
                Array.from({ length: 8 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                  <tr key={i} className="placeholder">
                    {[0, 1, 2, 3, 4].map((c) => (
                      <td key={c}>
                        <span className="skeleton" />
                      </td>
                    ))}
                  </tr>
                ))
              ) : data.items.length === 0 && !data.error ? (
                <tr>
                  <td colSpan={5} className="empty-cell">
                    {filtered ? (
                      <EmptyState title="No items match">
                        Try another search, status or tag.{' '}
                        <button
                          type="button"
                          className="linklike"
                          onClick={() => {
                            setStatus('');
                            setTagText('');
                            setQText('');
                          }}
                        >
                          Clear filters
                        </button>
                      </EmptyState>
                    ) : (
                      <EmptyState title="No items yet">
                        {can('items.import') ? (
                          <>
                            Bring in a dataset on the <Link to="../io">Import/Export</Link> tab.
                          </>
                        ) : (
                          'A project manager has not imported any data yet.'
                        )}
                      </EmptyState>
                    )}
                  </td>
                </tr>
              ) : (
                <>
                  {padTop > 0 && (
                    <tr className="spacer-row">
                      <td colSpan={5} className="spacer" style={{ height: padTop }} />
                    </tr>
                  )}
                  {virtualRows.map((v) => {
                    const item = data.items[v.index]!;
                    return (
                      <tr key={item.id} aria-rowindex={v.index + 2}>
                        <td className="ext-id" title={item.extId}>
                          <button
                            type="button"
                            className="linklike"
                            title="Tags and history"
                            onClick={() => setOpened(item)}
                          >
                            {item.extId}
                          </button>
                        </td>
                        <td>
                          <StatusBadge status={item.status} />
                        </td>
                        <td className="preview" dir="auto" title={item.preview}>
                          {item.kind === 'image' && <span className="chip">image</span>} {item.preview}
                        </td>
                        <td className="tags">
                          {item.tags.map((t) => (
                            <span key={t} className="tag">
                              {t}
                            </span>
                          ))}
                        </td>
                        <td className="num">{item.annotations}</td>
                      </tr>
                    );
                  })}
                  {padBottom > 0 && (
                    <tr className="spacer-row">
                      <td colSpan={5} className="spacer" style={{ height: padBottom }} />
                    </tr>
                  )}
                </>
              )}
            </tbody>
          </table>
        </div>
        <div className="data-foot" aria-live="polite">
          {data.error ? (
            <ErrorNote error={data.error} onRetry={data.retry} />
          ) : (
            <span className="muted small">
              {data.items.length === 0
                ? ''
                : expected !== null
                  ? `${formatCount(data.items.length)} of ${formatCount(expected)} items loaded`
                  : `${formatCount(data.items.length)}${data.next !== null ? '+' : ''} matching items`}
              {data.loading && data.items.length > 0 ? ' · loading more…' : ''}
            </span>
          )}
        </div>
      </div>
      <ItemDrawer
        item={opened}
        canEdit={can('items.update')}
        onClose={() => setOpened(null)}
        onTags={(id, tags) => {
          data.update(id, { tags });
          setOpened((o) => (o?.id === id ? { ...o, tags } : o));
        }}
      />
    </section>
  );
}
