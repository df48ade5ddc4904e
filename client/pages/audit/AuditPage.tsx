import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { AuditEvent } from '../../../shared/api.ts';
import { listAudit } from '../../api/audit.ts';
import { withQuery } from '../../api/http.ts';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useDebounced } from '../../ui/useResource.ts';

/** Actions the server records today; the list grows with whatever the loaded events show. */
const KNOWN_ACTIONS = [
  'login',
  'login.failed',
  'user.create',
  'user.role',
  'user.disable',
  'user.enable',
  'user.password',
  'user.unlock',
  'token.create',
  'token.revoke',
  'project.create',
  'project.update',
  'project.archive',
  'project.unarchive',
  'member.add',
  'member.role',
  'member.remove',
];

function Detail({ detail }: { detail: AuditEvent['detail'] }) {
  if (!detail) return null;
  return (
    <span className="detail">
      {Object.entries(detail).map(([k, v]) => (
        <span key={k}>
          <span className="muted">{k}:</span> {typeof v === 'string' ? v : JSON.stringify(v)}
        </span>
      ))}
    </span>
  );
}

export function AuditPage() {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [project, setProject] = useState('');
  const settled = useDebounced(`${action.trim()}\n${actor.trim()}\n${project.trim()}`, 300);
  const [fAction = '', fActor = '', fProject = ''] = settled.split('\n');
  const projectId = /^\d+$/.test(fProject) ? Number(fProject) : undefined;
  const badProject = fProject !== '' && projectId === undefined;

  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const inflight = useRef<AbortController | null>(null);
  const key = `${fAction}\n${fActor}\n${projectId ?? ''}`;

  const load = useCallback(
    (before: number | undefined) => {
      inflight.current?.abort();
      const ctl = new AbortController();
      inflight.current = ctl;
      setLoading(true);
      setError(null);
      const [a, u, p] = key.split('\n');
      listAudit(
        {
          action: a || undefined,
          actor: u || undefined,
          projectId: p ? Number(p) : undefined,
          before,
          limit: 50,
        },
        ctl.signal,
      ).then(
        (page) => {
          if (ctl.signal.aborted) return;
          setEvents((old) => (before === undefined ? page.events : [...old, ...page.events]));
          setNext(page.next);
          setLoading(false);
        },
        (e: unknown) => {
          if (ctl.signal.aborted) return;
          setError(e as Error);
          setLoading(false);
        },
      );
    },
    [key],
  );

  useEffect(() => {
    load(undefined);
    return () => inflight.current?.abort();
  }, [load]);

  const actions = [...new Set([...KNOWN_ACTIONS, ...events.map((e) => e.action)])].sort();

  return (
    <div className="page">
      <header className="page-head">
        <h1>Audit log</h1>
        <a
          className="btn"
          href={withQuery('/api/audit.csv', { action: fAction, actor: fActor, projectId })}
          download
        >
          Download CSV
        </a>
      </header>
      <div className="filters">
        <input
          list="audit-actions"
          placeholder="Action, e.g. login.failed"
          aria-label="Action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
        />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <input
          placeholder="Actor (username)"
          aria-label="Actor"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
        />
        <input
          placeholder="Project id"
          aria-label="Project id"
          inputMode="numeric"
          value={project}
          aria-invalid={badProject}
          onChange={(e) => setProject(e.target.value)}
        />
      </div>
      {badProject && <p className="field-error">A project id is a number.</p>}
      {error && (
        <ErrorNote error={error} onRetry={() => load(events.length ? (next ?? undefined) : undefined)} />
      )}
      <section className="panel flush">
        {events.length === 0 && loading ? (
          <div className="pad">
            <Skeleton rows={8} />
          </div>
        ) : events.length === 0 ? (
          <EmptyState title="No events">
            {settled.trim() ? 'Nothing matches these filters.' : 'Nothing has happened yet.'}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table audit">
              <caption className="sr-only">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Project</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                  <th scope="col">Address</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap muted">{formatDateTime(e.at)}</td>
                    <td>{e.actor ?? <span className="muted">system</span>}</td>
                    <td>
                      <code className={`action ${e.action.endsWith('.failed') ? 'bad' : ''}`}>
                        {e.action}
                      </code>
                    </td>
                    <td>
                      {e.projectId !== null && <Link to={`/projects/${e.projectId}`}>#{e.projectId}</Link>}
                    </td>
                    <td>{e.target}</td>
                    <td>
                      <Detail detail={e.detail} />
                    </td>
                    <td className="muted nowrap">{e.ip}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="load-more">
        {next !== null && (
          <button type="button" className="btn" disabled={loading} onClick={() => load(next)}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </div>
  );
}
