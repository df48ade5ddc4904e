import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { WorkItem } from '../../../shared/annotate.ts';
import { getHistory, getItem, getMyStats } from '../../annotate/api.ts';
import { type HistoryEntry, InfoPanel, type MyStats, StatsLine } from '../../annotate/InfoPanel.tsx';
import { getProject } from '../../api/projects.ts';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/useResource.ts';
import '../../annotate/annotate.css';
import type { Navigation } from '../../annotate/useItemSession.ts';
import { AnnotatorScreen } from './AnnotatorScreen.tsx';
import { ImageAnnotatorScreen } from './ImageAnnotatorScreen.tsx';
import { Queue } from './queue.ts';

type Shown =
  | { status: 'loading' }
  | { status: 'empty' }
  | { status: 'error'; error: Error }
  | { status: 'ready'; item: WorkItem };

const INFO_KEY = 'gloss.annotate.infoPanel';

/**
 * The annotator's page: works through my queue in a project, one item ahead, and lets me go back
 * to recent items (`?item=ID` shows one from my history). Each item gets a fresh screen.
 */
export default function LabelPage() {
  const projectId = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const historyId = params.get('item') ? Number(params.get('item')) : null;
  const project = useResource((signal) => getProject(projectId, signal), [projectId]);
  const queue = useMemo(() => new Queue(projectId), [projectId]);

  const [queued, setQueued] = useState<Shown>({ status: 'loading' });
  const [visited, setVisited] = useState<Shown>({ status: 'loading' });
  /** Bumped to remount a screen with the item as the server has it now. */
  const [generation, setGeneration] = useState(0);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [stats, setStats] = useState<MyStats | null>(null);
  const [infoOpen, setInfoOpen] = useState(() => localStorage.getItem(INFO_KEY) !== 'closed');

  const refreshSide = useCallback(() => {
    getHistory(projectId).then(setHistory, () => undefined);
    getMyStats(projectId).then(setStats, () => undefined);
  }, [projectId]);

  const show = useCallback(
    (item: WorkItem | null) => {
      performance.mark('gloss:item-loaded');
      setQueued(item ? { status: 'ready', item } : { status: 'empty' });
      if (item) queue.prefetch(item.id);
    },
    [queue],
  );

  useEffect(() => {
    setQueued({ status: 'loading' });
    queue.first().then(show, (error: Error) => setQueued({ status: 'error', error }));
    refreshSide();
  }, [queue, show, refreshSide]);

  // An item from my history: loaded by id each time it is opened, so it shows my latest work.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` reloads the item after a stale submit
  useEffect(() => {
    if (historyId === null) return;
    setVisited({ status: 'loading' });
    getItem(historyId).then(
      (item) => setVisited({ status: 'ready', item }),
      (error: Error) => setVisited({ status: 'error', error }),
    );
  }, [historyId, generation]);

  const open = useCallback(
    (itemId: number | null) => {
      const queuedId = queued.status === 'ready' ? queued.item.id : null;
      if (itemId === null || itemId === queuedId) {
        setParams({}, { replace: false });
        // Back on the queue's item: reload it, since it may have been edited and saved meanwhile.
        if (queuedId !== null) {
          setQueued({ status: 'loading' });
          getItem(queuedId).then(
            (item) => setQueued({ status: 'ready', item }),
            (error: Error) => setQueued({ status: 'error', error }),
          );
        }
      } else {
        setParams({ item: String(itemId) });
      }
    },
    [queued, setParams],
  );

  const done = useCallback(
    (_how: 'submitted' | 'skipped') => {
      refreshSide();
      if (historyId !== null) {
        open(null);
        return;
      }
      if (queued.status !== 'ready') return;
      const doneId = queued.item.id;
      setQueued({ status: 'loading' });
      queue.after(doneId).then(show, (error: Error) => setQueued({ status: 'error', error }));
    },
    [historyId, queued, queue, show, open, refreshSide],
  );

  const reload = useCallback(() => {
    if (historyId !== null) {
      setGeneration((g) => g + 1);
      return;
    }
    if (queued.status !== 'ready') return;
    getItem(queued.item.id).then(
      (item) => {
        setQueued({ status: 'ready', item });
        setGeneration((g) => g + 1);
      },
      (error: Error) => setQueued({ status: 'error', error }),
    );
  }, [historyId, queued]);

  const toggleInfo = useCallback(() => {
    setInfoOpen((o) => {
      localStorage.setItem(INFO_KEY, o ? 'closed' : 'open');
      return !o;
    });
  }, []);

  const shown = historyId !== null ? visited : queued;
  const queuedId = queued.status === 'ready' ? queued.item.id : null;
  const navigation = useMemo((): Navigation => {
    const trail = history.filter((h) => h.itemId !== queuedId).map((h) => h.itemId);
    if (historyId === null) return { previous: trail[0] ?? null, next: null };
    const at = trail.indexOf(historyId);
    if (at === -1) return { previous: trail[0] ?? null, next: 'queue' };
    return { previous: trail[at + 1] ?? null, next: at > 0 ? trail[at - 1]! : 'queue' };
  }, [history, historyId, queuedId]);

  if (project.error) {
    return (
      <div className="page">
        <ErrorNote error={project.error} onRetry={project.reload} />
      </div>
    );
  }
  if (!project.data || shown.status === 'loading') {
    return (
      <div className="page ann-loading">
        <Skeleton rows={8} height={22} />
      </div>
    );
  }
  const p = project.data;
  if (shown.status === 'error') {
    return (
      <div className="page">
        <ErrorNote
          error={shown.error}
          onRetry={historyId === null ? () => window.location.reload() : reload}
        />
      </div>
    );
  }
  if (shown.status === 'empty') {
    return (
      <div className="page ann-empty">
        <EmptyState
          title="Nothing left for you here"
          action={
            <Link className="btn" to={`/projects/${p.id}`}>
              Back to {p.name}
            </Link>
          }
        >
          Every item of this project that needs you is done or being labeled by someone else. Items come back
          when a colleague's lease runs out or a reviewer returns one to you.
        </EmptyState>
        <div className="ann-empty-side">
          <StatsLine stats={stats} />
          <InfoPanel guidelines={p.guidelines} history={history} currentId={null} onOpen={open} />
        </div>
      </div>
    );
  }
  const Screen = shown.item.kind === 'image' ? ImageAnnotatorScreen : AnnotatorScreen;
  return (
    <Screen
      key={`${shown.item.id}:${generation}`}
      project={p}
      item={shown.item}
      mode={historyId === null ? 'queue' : 'history'}
      history={history}
      stats={stats}
      navigation={navigation}
      infoOpen={infoOpen}
      onToggleInfo={toggleInfo}
      onDone={done}
      onOpen={open}
      onReload={reload}
    />
  );
}
