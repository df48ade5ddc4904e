import { type FormEvent, useState } from 'react';
import { PasswordChangeSchema, TokenCreateSchema } from '../../../shared/api.ts';
import { changePassword } from '../../api/auth.ts';
import { ApiError } from '../../api/http.ts';
import { createToken, listTokens, revokeToken } from '../../api/tokens.ts';
import { useUser } from '../../app/session.tsx';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { issueMap } from '../../ui/issues.ts';
import { useResource } from '../../ui/useResource.ts';

export function AccountPage() {
  const user = useUser();
  return (
    <div className="page">
      <header className="page-head">
        <h1>Account</h1>
      </header>
      <p className="muted">
        Logged in as <strong>{user.username}</strong> ({user.role})
      </p>
      <div className="account-grid">
        <PasswordPanel />
        <TokensPanel />
      </div>
    </div>
  );
}

function PasswordPanel() {
  const [values, setValues] = useState({ current: '', password: '', confirm: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [serverError, setServerError] = useState<Error | null>(null);
  const result = PasswordChangeSchema.safeParse({ current: values.current, password: values.password });
  const errors = issueMap(result.error);
  if (values.current === '') errors.set('current', 'enter your current password');
  if (values.confirm !== values.password) errors.set('confirm', 'the two passwords differ');
  if (serverError instanceof ApiError && serverError.field)
    errors.set(serverError.field, serverError.message);
  const err = (f: string) =>
    tried || (serverError instanceof ApiError && serverError.field === f) ? errors.get(f) : undefined;
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    setServerError(null);
    setDone(false);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!result.success || errors.size > 0) return;
    setBusy(true);
    try {
      await changePassword(result.data);
      setValues({ current: '', password: '', confirm: '' });
      setTried(false);
      setDone(true);
    } catch (error) {
      setServerError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="pw-title">
      <h2 id="pw-title">Password</h2>
      <p className="muted small">Changing it logs you out on every other device.</p>
      <Field label="Current password" error={err('current')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            value={values.current}
            onChange={set('current')}
          />
        )}
      </Field>
      <Field label="New password" error={err('password')} hint="At least 8 characters.">
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
          />
        )}
      </Field>
      <Field label="New password again" error={err('confirm')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={values.confirm}
            onChange={set('confirm')}
          />
        )}
      </Field>
      {serverError && !(serverError instanceof ApiError && serverError.field) && (
        <ErrorNote error={serverError} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          Change password
        </button>
        <span className="ok-text" aria-live="polite">
          {done ? 'Password changed.' : ''}
        </span>
      </div>
    </form>
  );
}

function TokensPanel() {
  const tokens = useResource((signal) => listTokens(signal), []);
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const check = TokenCreateSchema.safeParse({ name });

  async function create(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!check.success) return;
    setBusy(true);
    setError(null);
    try {
      const t = await createToken(check.data);
      const { token, ...row } = t;
      tokens.setData((old) => [row, ...(old ?? [])]);
      setSecret({ name: t.name, token });
      setCopied(false);
      setName('');
      setTried(false);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: number, tokenName: string) {
    if (!window.confirm(`Revoke the token “${tokenName}”? Scripts using it stop working at once.`)) return;
    setError(null);
    try {
      await revokeToken(id);
      tokens.setData((old) => (old ?? []).filter((t) => t.id !== id));
    } catch (err) {
      setError(err as Error);
    }
  }

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.token);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context; the field is selected for a manual copy instead.
      (document.getElementById('token-secret') as HTMLInputElement | null)?.select();
    }
  }

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted small">
        For scripts: send as <code>Authorization: Bearer …</code>. A token acts as you.
      </p>
      <form className="inline-form" onSubmit={create} noValidate>
        <Field label="Token name" error={tried ? check.error?.issues[0]?.message : undefined}>
          {(p) => (
            <input
              {...p}
              placeholder="e.g. nightly export"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn primary" disabled={busy}>
          Create token
        </button>
      </form>
      {secret && (
        <div className="secret" role="status">
          <p>
            <strong>Copy the token “{secret.name}” now.</strong> It is not shown again.
          </p>
          <div className="secret-row">
            <input
              id="token-secret"
              className="code"
              readOnly
              value={secret.token}
              aria-label="New token"
              onFocus={(e) => e.target.select()}
            />
            <button type="button" className="btn" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="btn ghost" onClick={() => setSecret(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      {error && <ErrorNote error={error} />}
      {tokens.error && <ErrorNote error={tokens.error} onRetry={tokens.reload} />}
      {!tokens.data ? (
        <Skeleton rows={2} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No tokens">
          Create one for each script, so you can revoke them one by one.
        </EmptyState>
      ) : (
        <table className="table">
          <caption className="sr-only">Your API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="muted">{formatDateTime(t.createdAt)}</td>
                <td className="muted">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn ghost small danger"
                    onClick={() => revoke(t.id, t.name)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
