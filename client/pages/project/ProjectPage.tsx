import type { ReactNode } from 'react';
import { Link, Navigate, NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import type { Project } from '../../../shared/api.ts';
import { type ProjectAction, projectAllows } from '../../../shared/permissions.ts';
import { ApiError } from '../../api/http.ts';
import { getProject } from '../../api/projects.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { StatusBar } from '../../ui/Status.tsx';
import { useResource } from '../../ui/useResource.ts';

interface ProjectContext {
  project: Project;
  /** Replaces the project with what a write returned. */
  setProject: (p: Project) => void;
  /** Fetches it again, e.g. for fresh counts after an import. */
  reload: () => void;
  can: (action: ProjectAction) => boolean;
}

export const useProject = () => useOutletContext<ProjectContext>();

/** The tabs, each shown only to roles that may use it. */
const TABS: { path: string; title: string; allowed: (can: ProjectContext['can']) => boolean }[] = [
  { path: 'data', title: 'Data', allowed: (can) => can('items.read') },
  { path: 'dashboard', title: 'Dashboard', allowed: (can) => can('stats.read') },
  { path: 'io', title: 'Import/Export', allowed: (can) => can('items.import') || can('items.export') },
  { path: 'settings', title: 'Settings', allowed: (can) => can('project.update') },
  { path: 'members', title: 'Members', allowed: (can) => can('members.read') },
];

export function ProjectPage() {
  const user = useUser();
  const id = Number(useParams().id);
  const res = useResource((signal) => getProject(id, signal), [id]);
  const project = res.data?.id === id ? res.data : undefined;

  if (res.error && !project) {
    if (res.error instanceof ApiError && res.error.status === 404)
      return (
        <div className="page narrow">
          <h1>Project not found</h1>
          <p className="muted">
            It does not exist or you are not a member. <Link to="/projects">Back to projects</Link>
          </p>
        </div>
      );
    return (
      <div className="page">
        <ErrorNote error={res.error} onRetry={res.reload} />
      </div>
    );
  }
  if (!project)
    return (
      <div className="page">
        <div className="project-head">
          <Skeleton rows={2} height={22} />
        </div>
      </div>
    );

  const can = (action: ProjectAction) => projectAllows(user.role, project.myRole, action);
  const tabs = TABS.filter((t) => t.allowed(can));
  const ctx: ProjectContext = { project, setProject: res.setData, reload: res.reload, can };

  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span> {project.name}
      </nav>
      <header className="project-head">
        <div className="project-title">
          <h1>{project.name}</h1>
          <span className="chip">{project.myRole ?? 'admin'}</span>
          {project.archived && <span className="chip muted-chip">archived</span>}
          {can('review') && (
            <Link
              to={`/projects/${project.id}/review`}
              className={`btn start${can('annotate') ? '' : ' primary'}`}
            >
              Start reviewing
            </Link>
          )}
          {can('annotate') && (
            <Link to={`/projects/${project.id}/label`} className="btn primary start">
              Start labeling
            </Link>
          )}
        </div>
        {project.description && <p className="project-desc">{project.description}</p>}
        <StatusBar counts={project.counts} legend />
      </header>
      {tabs.length > 0 && (
        <nav className="tabs" aria-label="Project sections">
          {tabs.map((t) => (
            <NavLink key={t.path} to={t.path}>
              {t.title}
            </NavLink>
          ))}
        </nav>
      )}
      <Outlet context={ctx} />
    </div>
  );
}

/** /projects/:id opens the first tab the role may see. */
export function ProjectIndex() {
  const { can, project } = useProject();
  const first = TABS.find((t) => t.allowed(can));
  if (!first)
    return (
      <p className="muted tab-body">
        {can('annotate') ? (
          <>
            Your work here is labeling: <Link to={`/projects/${project.id}/label`}>start labeling</Link>.
          </>
        ) : (
          'There is nothing for your role to manage in this project.'
        )}
      </p>
    );
  return <Navigate to={first.path} replace />;
}

/** A tab reached by URL that the role may not use. */
export function TabGuard({ action, children }: { action: ProjectAction[]; children: ReactNode }) {
  const { can } = useProject();
  if (!action.some(can))
    return <p className="muted tab-body">Your role in this project does not include this.</p>;
  return children;
}
