import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { globalAllows } from '../../shared/permissions.ts';
import { ErrorNote } from '../ui/Feedback.tsx';
import { useSession, useUser } from './session.tsx';

/** Screens below render only with a session; without one they send the visitor to the login. */
export function RequireAuth() {
  const { state, retry } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <div className="boot" aria-busy="true" />;
  if (state.status === 'error')
    return (
      <main className="boot">
        <ErrorNote error={state.error} onRetry={retry} />
      </main>
    );
  if (state.status === 'out') {
    const next = location.pathname + location.search;
    const to = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}

/** Only admins see these screens; the server refuses the calls anyway. */
export function RequireAdmin() {
  const user = useUser();
  if (user.role !== 'admin') return <Navigate to="/projects" replace />;
  return <Outlet />;
}

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="3" y="3" width="13" height="18" rx="2" />
      <path d="M6.5 8h6M6.5 12h6M6.5 16h3.5" />
      <path d="M20 6v12" className="accent" />
    </svg>
  );
}

export function Shell() {
  const user = useUser();
  const { signOut } = useSession();
  const admin = user.role === 'admin';
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/projects" className="brand">
          <Logo />
          Gloss
        </NavLink>
        <nav className="topnav" aria-label="Main">
          <NavLink to="/projects">Projects</NavLink>
          {globalAllows(user.role, 'user.manage') && <NavLink to="/users">Users</NavLink>}
          {globalAllows(user.role, 'audit.read') && <NavLink to="/audit">Audit</NavLink>}
          <NavLink to="/account">Account</NavLink>
        </nav>
        <div className="topbar-user">
          <span className="who" title={user.username}>
            {user.displayName || user.username}
            {admin && <span className="chip">admin</span>}
          </span>
          <button type="button" className="btn ghost small" onClick={() => void signOut()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

export function NotFound() {
  return (
    <div className="page narrow">
      <h1>Not found</h1>
      <p className="muted">
        This page does not exist, or you have no access to it.{' '}
        <NavLink to="/projects">Back to projects</NavLink>
      </p>
    </div>
  );
}
