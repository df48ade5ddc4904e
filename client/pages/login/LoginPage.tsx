import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { login } from '../../api/auth.ts';
import { ApiError } from '../../api/http.ts';
import { Logo } from '../../app/Shell.tsx';
import { useSession } from '../../app/session.tsx';
import { errorText } from '../../ui/Feedback.tsx';

/** Only same-site paths are followed after login, so a crafted link cannot send users elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/projects';
}

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

/** The server's own words: its lockout message says how long to wait. */
function loginError(e: unknown): string {
  if (e instanceof ApiError && e.status === 429) return `${sentence(e.message)} An admin can lift the lock.`;
  return sentence(errorText(e));
}

export function LoginPage() {
  const { state, signedIn } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'in') return <Navigate to={safeNext(params.get('next'))} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await login({ username: username.trim(), password }));
    } catch (err) {
      setError(loginError(err));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand">
          <Logo />
          <span>Gloss</span>
        </div>
        <h1 id="login-title">Log in</h1>
        <div className="field">
          <label className="field-label" htmlFor="login-username">
            Username
          </label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            // biome-ignore lint/a11y/noAutofocus: the login form is the only thing on this page
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="login-password">
            Password
          </label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="login-error" role="alert">
          {error}
        </div>
        <button type="submit" className="btn primary block" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
