import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ItemStatus, Project } from '../../../shared/api.ts';
import { projectAllows } from '../../../shared/permissions.ts';
import type { ReviewWork } from '../../../shared/review/api.ts';
import type { ReviewDecisionKind } from '../../../shared/review/decision.ts';
import { canWorkTier, DEFAULT_TIERS, type Tier, tierIndex } from '../../../shared/review/tiers.ts';
import { ApiError } from '../../api/http.ts';
import { getProject } from '../../api/projects.ts';
import { getDashboard } from '../../api/review.ts';
import { useUser } from '../../app/session.tsx';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { formatCount } from '../../ui/format.ts';
import { STATUS_LABELS } from '../../ui/Status.tsx';
import { useResource } from '../../ui/useResource.ts';
import '../../annotate/annotate.css';
import { policyText } from './model.ts';
import { ReviewQueue } from './queue.ts';
import { type ReviewResult, ReviewScreen } from './ReviewScreen.tsx';

type Shown =
  | { status: 'loading' }
  | { status: 'empty' }
  | { status: 'error'; error: Error }
  | { status: 'ready'; work: ReviewWork };

const DONE_TEXT: Record<ReviewDecisionKind, string> = {
  approve: 'Approved',
  reject: 'Sent back to its annotator',
  correct: 'Correction approved',
  escalate: 'Escalated',
};

/**
 * The reviewer's page: `/projects/:id/review` lists the tiers my role can work; `?tier=NAME`
 * works through that tier's queue, one item ahead.
 */
export default function ReviewPage() {
  const user = useUser();
  const projectId = Number(useParams().id);
  const [params] = useSearchParams();
  const tierName = params.get('tier');
  const project = useResource((signal) => getProject(projectId, signal), [projectId]);

  if (project.error) {
    const missing = project.error instanceof ApiError && project.error.status === 404;
    return (
      <div className="page narrow">
        {missing ? (
          <>
            <h1>Project not found</h1>
            <p className="muted">
              It does not exist or you are not a member. <Link to="/projects">Back to projects</Link>
            </p>
          </>
        ) : (
          <ErrorNote error={project.error} onRetry={project.reload} />
        )}
      </div>
    );
  }
  if (!project.data || project.data.id !== projectId)
    return (
      <div className="page ann-loading">
        <Skeleton rows={8} height={22} />
      </div>
    );
  const p = project.data;
  if (!projectAllows(user.role, p.myRole, 'review'))
    return (
      <div className="page narrow">
        <h1>Review</h1>
        <p className="muted">
          Your role in {p.name} does not include reviewing.{' '}
          <Link to={`/projects/${p.id}`}>Back to the project</Link>
        </p>
      </div>
    );

  const tiers = p.settings.tiers ?? DEFAULT_TIERS;
  // An admin who is not a member acts as a manager.
  const role = p.myRole ?? 'manager';
  if (tierName === null)
    return (
      <TierPicker
        project={p}
        tiers={tiers}
        canWork={(t) => canWorkTier(role, t)}
        canEdit={projectAllows(user.role, p.myRole, 'project.update')}
      />
    );
  const at = tierIndex(tiers, tierName);
  const tier = at === null ? undefined : tiers[at];
  if (!tier || !canWorkTier(role, tier))
    return (
      <div className="page narrow">
        <h1>Review</h1>
        <p className="muted">
          {tier
            ? `The ${tier.name} tier is for ${tier.role}s.`
            : `${p.name} has no tier called "${tierName}".`}{' '}
          <Link to={`/projects/${p.id}/review`}>Pick a tier</Link>
        </p>
      </div>
    );
  return <TierQueue key={`${p.id}:${tier.name}`} project={p} tiers={tiers} tier={tier} me={user.username} />;
}

function TierPicker({
  project,
  tiers,
  canWork,
  canEdit,
}: {
  project: Project;
  tiers: readonly Tier[];
  canWork: (t: Tier) => boolean;
  canEdit: boolean;
}) {
  // Waiting counts are a nicety: without them the tiers still work.
  const dashboard = useResource((signal) => getDashboard(project.id, signal).catch(() => null), [project.id]);
  const waiting = new Map(dashboard.data?.byTier.map((t) => [t.tier.toLowerCase(), t.waiting]));
  const workable = tiers.filter(canWork);
  return (
    <div className="page rv-start">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={`/projects/${project.id}`}>{project.name}</Link> <span aria-hidden="true">/</span> Review
      </nav>
      <header className="page-head">
        <h1>Review</h1>
      </header>
      {tiers.length === 0 ? (
        <EmptyState title="This project has no review tiers">
          Items are accepted as soon as they have their annotations.{' '}
          {canEdit && <Link to={`/projects/${project.id}/settings`}>Add tiers in Settings</Link>}
        </EmptyState>
      ) : (
        <>
          <p className="muted rv-start-intro">
            Items climb the tiers in order; the last tier's decision is final.{' '}
            {workable.length < tiers.length && 'Tiers for experts only are shown for reference.'}
          </p>
          <ol className="rv-tier-list">
            {tiers.map((t, i) => {
              const n = waiting.get(t.name.toLowerCase());
              const ok = canWork(t);
              return (
                <li key={t.name} className={`panel rv-tier-card${ok ? '' : ' dim'}`}>
                  <span className="task-num" aria-hidden="true">
                    {i + 1}
                  </span>
                  <div className="rv-tier-text">
                    <h2>{t.name}</h2>
                    <p className="muted small">
                      {t.role === 'expert' ? 'Experts' : 'Reviewers and experts'} review{' '}
                      {policyText(t.policy)}
                      {t.matchSkills ? '; items reach only people with a matching skill' : ''}.
                    </p>
                  </div>
                  <span className="rv-waiting">
                    {n === undefined ? '' : n === 0 ? 'nothing waiting' : `${formatCount(n)} waiting`}
                  </span>
                  {ok ? (
                    <Link
                      className="btn primary"
                      to={`/projects/${project.id}/review?tier=${encodeURIComponent(t.name)}`}
                      aria-label={`Start reviewing ${t.name}`}
                    >
                      Start reviewing
                    </Link>
                  ) : (
                    <span className="muted small">for experts</span>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}

function TierQueue({
  project,
  tiers,
  tier,
  me,
}: {
  project: Project;
  tiers: readonly Tier[];
  tier: Tier;
  me: string;
}) {
  const queue = useMemo(() => new ReviewQueue(project.id, tier.name), [project.id, tier.name]);
  const [shown, setShown] = useState<Shown>({ status: 'loading' });
  const [flash, setFlash] = useState<{ text: string; n: number } | null>(null);

  const show = useCallback(
    (work: ReviewWork | null) => {
      setShown(work ? { status: 'ready', work } : { status: 'empty' });
      if (work) queue.prefetch(work.item.id);
    },
    [queue],
  );
  const load = useCallback(() => {
    setShown({ status: 'loading' });
    queue.first().then(show, (error: Error) => setShown({ status: 'error', error }));
  }, [queue, show]);
  useEffect(load, [load]);

  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(null), 5000);
    return () => clearTimeout(t);
  }, [flash]);

  const next = (doneId: number) => {
    setShown({ status: 'loading' });
    queue.after(doneId).then(show, (error: Error) => setShown({ status: 'error', error }));
  };

  const done = (work: ReviewWork) => (decision: ReviewDecisionKind, result: ReviewResult) => {
    const where = result.tier
      ? `now waits at ${result.tier}`
      : `now ${(STATUS_LABELS[result.status as ItemStatus] ?? result.status).toLowerCase()}`;
    setFlash((f) => ({ text: `${DONE_TEXT[decision]}: ${work.item.extId} ${where}.`, n: (f?.n ?? 0) + 1 }));
    next(work.item.id);
  };

  const flashNote = flash && (
    <output key={flash.n} className="rv-flash" data-testid="review-flash">
      {flash.text}
    </output>
  );

  if (shown.status === 'loading')
    return (
      <div className="page ann-loading">
        {flashNote}
        <Skeleton rows={8} height={22} />
      </div>
    );
  if (shown.status === 'error')
    return (
      <div className="page">
        <ErrorNote error={shown.error} onRetry={load} />
      </div>
    );
  if (shown.status === 'empty')
    return (
      <div className="page narrow">
        {flashNote}
        <EmptyState
          title={`Nothing waiting at ${tier.name}`}
          action={
            <div className="form-actions">
              <button type="button" className="btn" onClick={load}>
                Check again
              </button>
              <Link className="btn" to={`/projects/${project.id}/review`}>
                Other tiers
              </Link>
              <Link className="btn ghost" to={`/projects/${project.id}`}>
                Back to {project.name}
              </Link>
            </div>
          }
        >
          Every item at this tier that you may review is decided or being reviewed by someone else. Items
          arrive when annotators submit, a lower tier escalates, or a rejected item is fixed.
        </EmptyState>
      </div>
    );
  const work = shown.work;
  return (
    <>
      {flashNote}
      <ReviewScreen
        key={work.item.id}
        project={project}
        work={work}
        tiers={tiers}
        me={me}
        onDone={done(work)}
        onSkip={() => next(work.item.id)}
      />
    </>
  );
}
