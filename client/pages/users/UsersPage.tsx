import { type FormEvent, useState } from 'react';
import { PasswordSchema, type User, UserCreateSchema } from '../../../shared/api.ts';
import { GLOBAL_ROLES, type GlobalRole } from '../../../shared/permissions.ts';
import { ApiError } from '../../api/http.ts';
import { clearLockout, createUser, listUsers, patchUser } from '../../api/users.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatDate } from '../../ui/format.ts';
import { issueMap } from '../../ui/issues.ts';
import { Modal } from '../../ui/Modal.tsx';
import { useResource } from '../../ui/useResource.ts';
import { SkillsCell } from '../review/SkillsCell.tsx';

export function UsersPage() {
  const me = useUser();
  const users = useResource((signal) => listUsers(signal), []);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [note, setNote] = useState<{ error?: Error; text?: string } | null>(null);

  async function run(username: string, op: () => Promise<User | null>, done: string) {
    setPending(username);
    setNote(null);
    try {
      const updated = await op();
      if (updated) users.setData((old) => (old ?? []).map((u) => (u.username === username ? updated : u)));
      setNote({ text: done });
    } catch (e) {
      setNote({ error: e as Error });
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="page">
      <header className="page-head">
        <h1>Users</h1>
        <div className="page-actions">
          <button type="button" className="btn primary" onClick={() => setCreating(true)}>
            New user
          </button>
        </div>
      </header>
      <div className="note-slot" aria-live="polite">
        {note?.error && <ErrorNote error={note.error} />}
        {note?.text && <div className="note ok">{note.text}</div>}
      </div>
      {users.error && <ErrorNote error={users.error} onRetry={users.reload} />}
      <section className="panel flush">
        {!users.data ? (
          <div className="pad">
            <Skeleton rows={5} />
          </div>
        ) : (
          <table className="table">
            <caption className="sr-only">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Skills</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => {
                const self = u.username === me.username;
                const busy = pending === u.username;
                return (
                  <tr key={u.username} className={u.disabled ? 'dim' : ''}>
                    <td>
                      <strong>{u.displayName || u.username}</strong>
                      <div className="muted small">{u.username}</div>
                    </td>
                    <td>
                      <select
                        aria-label={`Global role of ${u.username}`}
                        value={u.role}
                        disabled={busy || self}
                        title={self ? 'You cannot change your own role' : undefined}
                        onChange={(e) =>
                          run(
                            u.username,
                            () => patchUser(u.username, { role: e.target.value as GlobalRole }),
                            `${u.username} is now ${e.target.value}.`,
                          )
                        }
                      >
                        {GLOBAL_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <SkillsCell
                        username={u.username}
                        skills={u.skills}
                        canEdit
                        onSaved={(skills) =>
                          users.setData((old) =>
                            (old ?? []).map((x) => (x.username === u.username ? { ...x, skills } : x)),
                          )
                        }
                      />
                    </td>
                    <td>
                      <span className={`badge ${u.disabled ? 'status-rejected' : 'status-accepted'}`}>
                        {u.disabled ? 'Disabled' : 'Active'}
                      </span>
                    </td>
                    <td className="muted">{formatDate(u.createdAt)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="btn ghost small"
                        disabled={busy}
                        onClick={() => setResetting(u)}
                      >
                        Reset password
                      </button>
                      <button
                        type="button"
                        className="btn ghost small"
                        disabled={busy}
                        onClick={() =>
                          run(
                            u.username,
                            () => clearLockout(u.username).then(() => null),
                            `Login lock cleared for ${u.username}.`,
                          )
                        }
                      >
                        Clear lockout
                      </button>
                      {!self && (
                        <button
                          type="button"
                          className={`btn ghost small ${u.disabled ? '' : 'danger'}`}
                          disabled={busy}
                          onClick={() =>
                            run(
                              u.username,
                              () => patchUser(u.username, { disabled: !u.disabled }),
                              u.disabled
                                ? `${u.username} can log in again.`
                                : `${u.username} is disabled and logged out everywhere.`,
                            )
                          }
                        >
                          {u.disabled ? 'Enable' : 'Disable'}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <Modal open={creating} title="New user" onClose={() => setCreating(false)}>
        <CreateUserForm
          onCreated={(u) => {
            users.setData((old) => [...(old ?? []), u]);
            setCreating(false);
            setNote({ text: `Created ${u.username}. Give them their password in person.` });
          }}
        />
      </Modal>
      <Modal
        open={resetting !== null}
        title={`Reset password of ${resetting?.username ?? ''}`}
        onClose={() => setResetting(null)}
      >
        {resetting && (
          <ResetPasswordForm
            user={resetting}
            onDone={() => {
              setNote({ text: `New password set for ${resetting.username}; their sessions have ended.` });
              setResetting(null);
            }}
          />
        )}
      </Modal>
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (u: User) => void }) {
  const [values, setValues] = useState({ username: '', displayName: '', password: '', role: 'member' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<Error | null>(null);
  const result = UserCreateSchema.safeParse(values);
  const errors = issueMap(result.error);
  if (serverError instanceof ApiError && serverError.field)
    errors.set(serverError.field, serverError.message);
  const err = (f: string) =>
    tried || (serverError instanceof ApiError && serverError.field === f) ? errors.get(f) : undefined;
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    setServerError(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!result.success) return;
    setBusy(true);
    try {
      onCreated(await createUser(result.data));
    } catch (err) {
      setServerError(err as Error);
      setBusy(false);
    }
  }

  return (
    <form className="modal-body" onSubmit={submit} noValidate>
      <Field label="Username" error={err('username')} hint="Letters, digits, dot, dash, underscore.">
        {(p) => <input {...p} autoComplete="off" value={values.username} onChange={set('username')} />}
      </Field>
      <Field label="Display name" error={err('displayName')}>
        {(p) => <input {...p} value={values.displayName} onChange={set('displayName')} />}
      </Field>
      <Field label="Password" error={err('password')} hint="At least 8 characters.">
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
      <Field label="Role" error={err('role')}>
        {(p) => (
          <select {...p} value={values.role} onChange={set('role')}>
            <option value="member">member: works in the projects they are added to</option>
            <option value="admin">admin: manages users and every project</option>
          </select>
        )}
      </Field>
      {serverError && !(serverError instanceof ApiError && serverError.field) && (
        <ErrorNote error={serverError} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const check = PasswordSchema.safeParse(password);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!check.success) return;
    setBusy(true);
    try {
      await patchUser(user.username, { password });
      onDone();
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  }

  return (
    <form className="modal-body" onSubmit={submit} noValidate>
      <p className="muted small">This logs {user.username} out everywhere.</p>
      <Field label="New password" error={tried ? check.error?.issues[0]?.message : undefined}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {error && <ErrorNote error={error} />}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy}>
          Set password
        </button>
      </div>
    </form>
  );
}
