import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Project } from '../../../shared/api.ts';
import { globalAllows } from '../../../shared/permissions.ts';
import { listProjects } from '../../api/projects.ts';
import { useUser } from '../../app/session.tsx';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { formatCount } from '../../ui/format.ts';
import { StatusBar, totalItems } from '../../ui/Status.tsx';
import { useResource } from '../../ui/useResource.ts';

export function ProjectsPage() {
  const user = useUser();
  const projects = useResource((signal) => listProjects(signal), []);
  const [showArchived, setShowArchived] = useState(false);
  // Set by the project settings after a delete. Kept for this visit only: the history entry loses
  // it at once, so a reload or coming back later does not announce the delete again.
  const location = useLocation();
  const navigate = useNavigate();
  const [notice] = useState(() => (location.state as { notice?: string } | null)?.notice);
  useEffect(() => {
    if (location.state) navigate('.', { replace: true, state: null });
  }, [location.state, navigate]);
  const canCreate = globalAllows(user.role, 'project.create');
  const all = projects.data ?? [];
  const archived = all.filter((p) => p.archived).length;
  const shown = all.filter((p) => showArchived || !p.archived);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Projects</h1>
        <div className="page-actions">
          {archived > 0 && (
            <label className="check">
              <input
                type="checkbox"
                checked={showArchived}
                onChange={(e) => setShowArchived(e.target.checked)}
              />
              Show archived ({archived})
            </label>
          )}
          {canCreate && (
            <Link to="/projects/new" className="btn primary">
              New project
            </Link>
          )}
        </div>
      </header>
      <div className="note-slot" role="status">
        {notice && <div className="note ok">{notice}</div>}
      </div>
      {projects.error && <ErrorNote error={projects.error} onRetry={projects.reload} />}
      {!projects.data && !projects.error ? (
        <div className="card-grid">
          {[0, 1, 2].map((i) => (
            <div key={i} className="card project-card">
              <Skeleton rows={3} height={16} />
            </div>
          ))}
        </div>
      ) : shown.length === 0 && !projects.error ? (
        <EmptyState
          title={all.length ? 'Every project is archived' : 'No projects yet'}
          action={
            canCreate && !all.length ? (
              <Link to="/projects/new" className="btn primary">
                Create the first project
              </Link>
            ) : undefined
          }
        >
          {all.length
            ? 'Tick “Show archived” to see them.'
            : canCreate
              ? 'A project holds a dataset, its label schema and the people who label it.'
              : 'Ask an admin or a project manager to add you to a project.'}
        </EmptyState>
      ) : (
        <ul className="card-grid" aria-label="Projects">
          {shown.map((p) => (
            <ProjectCard key={p.id} project={p} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ProjectCard({ project: p }: { project: Project }) {
  const total = totalItems(p.counts);
  const done = p.counts.accepted ?? 0;
  return (
    <li className={`card project-card ${p.archived ? 'archived' : ''}`}>
      <div className="project-card-head">
        <h2>
          <Link to={`/projects/${p.id}`} className="stretched">
            {p.name}
          </Link>
        </h2>
        <span className="chip">{p.myRole ?? 'admin'}</span>
        {p.archived && <span className="chip muted-chip">archived</span>}
      </div>
      <p className="project-desc">{p.description || <span className="muted">No description</span>}</p>
      <StatusBar counts={p.counts} />
      <p className="project-meta muted small">
        {total === 0
          ? 'No items yet'
          : `${formatCount(total)} item${total === 1 ? '' : 's'} · ${Math.floor((done / total) * 100)}% accepted`}
        {' · '}
        {p.schema.tasks.length} task{p.schema.tasks.length === 1 ? '' : 's'}
      </p>
    </li>
  );
}
