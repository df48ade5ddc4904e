import { type FormEvent, useState } from 'react';
import { UserPatchSchema } from '../../../shared/api.ts';
import { patchUser } from '../../api/users.ts';
import { errorText } from '../../ui/Feedback.tsx';

const parse = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/**
 * A person's skills in a table cell: tiers and queues that route by skill send a tagged item only
 * to people with a matching skill. Skills belong to the user (every project sees the same); only
 * admins change them.
 */
export function SkillsCell({
  username,
  skills,
  canEdit,
  onSaved,
}: {
  username: string;
  skills: readonly string[];
  canEdit: boolean;
  onSaved: (skills: string[]) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = parse(text);
  const check = UserPatchSchema.shape.skills.safeParse(next);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!check.success) return;
    setBusy(true);
    setError(null);
    try {
      const user = await patchUser(username, { skills: next });
      onSaved(user.skills);
      setEditing(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (editing)
    return (
      <form className="skills-form" onSubmit={save}>
        <input
          aria-label={`Skills of ${username}, separated by commas`}
          value={text}
          placeholder="e.g. medicine, law"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setEditing(false);
            }
          }}
          // biome-ignore lint/a11y/noAutofocus: the field opens on request, where the person is looking
          autoFocus
        />
        <button type="submit" className="btn small primary" disabled={busy || !check.success}>
          Save
        </button>
        <button type="button" className="btn small ghost" onClick={() => setEditing(false)}>
          Cancel
        </button>
        {(error ?? (!check.success && check.error.issues[0]?.message)) && (
          <span className="field-error">{error ?? check.error?.issues[0]?.message}</span>
        )}
      </form>
    );
  return (
    <span className="skills">
      {skills.map((s) => (
        <span key={s} className="tag">
          {s}
        </span>
      ))}
      {!skills.length && <span className="muted small">none</span>}
      {canEdit && (
        <button
          type="button"
          className="btn ghost small"
          aria-label={`Edit skills of ${username}`}
          onClick={() => {
            setText(skills.join(', '));
            setError(null);
            setEditing(true);
          }}
        >
          Edit
        </button>
      )}
    </span>
  );
}
