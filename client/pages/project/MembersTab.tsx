import { type FormEvent, useState } from 'react';
import type { Member } from '../../../shared/api.ts';
import { PROJECT_ROLES, type ProjectRole } from '../../../shared/permissions.ts';
import { listMembers, removeMember, setMember } from '../../api/projects.ts';
import { listUsers } from '../../api/users.ts';
import { useUser } from '../../app/session.tsx';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/useResource.ts';
import { SkillsCell } from '../review/SkillsCell.tsx';
import { useProject } from './ProjectPage.tsx';

const ROLE_HINTS: Record<ProjectRole, string> = {
  annotator: 'labels items',
  reviewer: 'reviews labels',
  expert: 'reviews at the expert tier',
  manager: 'runs the project',
};

export function MembersTab() {
  const { project, can } = useProject();
  const manage = can('members.manage');
  const admin = useUser().role === 'admin';
  const members = useResource((signal) => listMembers(project.id, signal), [project.id]);
  const [error, setError] = useState<Error | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  async function run(username: string, op: () => Promise<Member[] | null>) {
    setPending(username);
    setError(null);
    try {
      const list = await op();
      if (list) members.setData(list);
      else members.setData((old) => (old ?? []).filter((m) => m.username !== username));
    } catch (e) {
      setError(e as Error);
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="tab-body">
      {manage && (
        <AddMember
          members={members.data ?? []}
          onAdd={(username, role) => run(username, () => setMember(project.id, username, role))}
        />
      )}
      {error && <ErrorNote error={error} />}
      {members.error && <ErrorNote error={members.error} onRetry={members.reload} />}
      <section className="panel flush">
        {!members.data ? (
          <div className="pad">
            <Skeleton rows={4} />
          </div>
        ) : members.data.length === 0 ? (
          <EmptyState title="No members yet">
            {manage ? 'Add people above: annotators label, reviewers check.' : 'Nobody has been added yet.'}
          </EmptyState>
        ) : (
          <table className="table">
            <caption className="sr-only">Members of {project.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Skills</th>
                {manage && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.username}>
                  <td>{m.displayName || m.username}</td>
                  <td className="muted">{m.username}</td>
                  <td>
                    {manage ? (
                      <select
                        aria-label={`Role of ${m.username}`}
                        value={m.role}
                        disabled={pending === m.username}
                        onChange={(e) =>
                          run(m.username, () =>
                            setMember(project.id, m.username, e.target.value as ProjectRole),
                          )
                        }
                      >
                        {PROJECT_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="chip">{m.role}</span>
                    )}
                  </td>
                  <td>
                    <SkillsCell
                      username={m.username}
                      skills={m.skills}
                      canEdit={admin}
                      onSaved={(skills) =>
                        members.setData((old) =>
                          (old ?? []).map((x) => (x.username === m.username ? { ...x, skills } : x)),
                        )
                      }
                    />
                  </td>
                  {manage && (
                    <td className="actions">
                      <button
                        type="button"
                        className="btn ghost small danger"
                        disabled={pending === m.username}
                        onClick={() => {
                          if (window.confirm(`Remove ${m.username} from ${project.name}?`))
                            void run(m.username, () => removeMember(project.id, m.username).then(() => null));
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function AddMember({
  members,
  onAdd,
}: {
  members: Member[];
  onAdd: (username: string, role: ProjectRole) => Promise<void>;
}) {
  const users = useResource((signal) => listUsers(signal), []);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<ProjectRole>('annotator');
  const taken = new Set(members.map((m) => m.username));
  const candidates = (users.data ?? []).filter((u) => !u.disabled && !taken.has(u.username));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username) return;
    await onAdd(username, role);
    setUsername('');
  }

  return (
    <form className="panel inline-form" onSubmit={submit} aria-label="Add a member">
      <label className="field">
        <span className="field-label">Person</span>
        <select value={username} onChange={(e) => setUsername(e.target.value)} disabled={!users.data}>
          <option value="">{candidates.length ? 'Choose someone…' : 'Everyone is a member already'}</option>
          {candidates.map((u) => (
            <option key={u.username} value={u.username}>
              {u.displayName && u.displayName !== u.username
                ? `${u.displayName} (${u.username})`
                : u.username}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Role</span>
        <select value={role} onChange={(e) => setRole(e.target.value as ProjectRole)}>
          {PROJECT_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}: {ROLE_HINTS[r]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn primary" disabled={!username}>
        Add member
      </button>
      {users.error && <ErrorNote error={users.error} onRetry={users.reload} />}
    </form>
  );
}
