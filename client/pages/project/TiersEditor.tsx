import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { ProjectSettings } from '../../../shared/api.ts';
import { planTierEdit, type TierMove } from '../../../shared/review/tierEdit.ts';
import {
  DEFAULT_TIERS,
  TIER_ROLES,
  type Tier,
  type TierPolicy,
  TiersSchema,
} from '../../../shared/review/tiers.ts';
import { previewTierEdit } from '../../api/projects.ts';
import { ErrorNote } from '../../ui/Feedback.tsx';
import { Field } from '../../ui/Field.tsx';
import { toNumber } from '../../ui/issues.ts';
import { useDebounced } from '../../ui/useResource.ts';

/** One tier as typed in: the sample percent stays text until it is validated. */
export interface TierRow {
  /** Stable React key, so a moved row keeps its DOM node and its focus. */
  key: number;
  name: string;
  role: Tier['role'];
  policy: TierPolicy['kind'];
  percent: string;
  matchSkills: boolean;
}

let nextKey = 1;

export function tierRows(tiers: readonly Tier[]): TierRow[] {
  return tiers.map((t) => ({
    key: nextKey++,
    name: t.name,
    role: t.role,
    policy: t.policy.kind,
    percent: t.policy.kind === 'sample' ? String(t.policy.percent) : '10',
    matchSkills: t.matchSkills === true,
  }));
}

/** The rows as TiersSchema input; `matchSkills` only when on, as the server stores it. */
export function rowsToTiers(rows: readonly TierRow[]) {
  return rows.map((r) => ({
    name: r.name,
    role: r.role,
    policy: r.policy === 'sample' ? { kind: r.policy, percent: toNumber(r.percent) } : { kind: r.policy },
    ...(r.matchSkills ? { matchSkills: true } : {}),
  }));
}

const POLICY_TEXT: Record<TierPolicy['kind'], string> = {
  all: 'Every item',
  sample: 'A random sample',
  escalated: 'Escalated items only',
};
const ROLE_TEXT: Record<Tier['role'], string> = {
  reviewer: 'Reviewers (and experts)',
  expert: 'Experts only',
};

function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(i + by, 0, x as T);
  return out;
}

/**
 * The review tiers of a project, lowest first: an item climbs them in order. Each has a name,
 * the role that works it and which items it sees; messages from TiersSchema sit beside their
 * fields (`errors` keyed by path inside the list: `0.name`, `1.policy.percent`).
 */
export function TiersEditor({
  value,
  onChange,
  errors,
}: {
  value: readonly TierRow[];
  onChange: (next: TierRow[]) => void;
  errors: ReadonlyMap<string, string>;
}) {
  const uid = useId();
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    if (!pendingFocus.current) return;
    document.querySelector<HTMLElement>(`[data-focus-id="${pendingFocus.current}"]`)?.focus();
    pendingFocus.current = null;
  });
  const id = (r: TierRow, part: string) => `${uid}-${r.key}-${part}`;
  const set = (i: number, patch: Partial<TierRow>) =>
    onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function add() {
    const row: TierRow = {
      key: nextKey++,
      name: '',
      role: value.length ? 'expert' : 'reviewer',
      policy: value.length ? 'escalated' : 'all',
      percent: '10',
      matchSkills: false,
    };
    pendingFocus.current = id(row, 'name');
    onChange([...value, row]);
  }
  function shift(i: number, by: -1 | 1) {
    const r = value[i]!;
    const lands = i + by;
    const edge = lands === 0 || lands === value.length - 1;
    pendingFocus.current = id(r, edge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down');
    onChange(move(value, i, by));
  }

  const listError = errors.get('');
  return (
    <div className="tiers-editor">
      {listError && <p className="field-error">{listError}</p>}
      {value.length === 0 ? (
        <p className="muted small tiers-none">
          No review: items are accepted as soon as they have their annotations.
        </p>
      ) : (
        <ol className="task-list">
          {value.map((r, i) => {
            const title = r.name.trim() || `tier ${i + 1}`;
            const err = (p: string) => errors.get(`${i}.${p}`);
            return (
              <li key={r.key} className="tier-card" aria-label={`Tier ${i + 1}: ${title}`}>
                <div className="tier-head">
                  <span className="task-num" aria-hidden="true">
                    {i + 1}
                  </span>
                  <Field label="Tier name" error={err('name') ?? errors.get(String(i))}>
                    {(p) => (
                      <input
                        {...p}
                        data-focus-id={id(r, 'name')}
                        value={r.name}
                        placeholder="e.g. Review"
                        maxLength={40}
                        onChange={(e) => set(i, { name: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label="Worked by" error={err('role')}>
                    {(p) => (
                      <select
                        {...p}
                        value={r.role}
                        onChange={(e) => set(i, { role: e.target.value as Tier['role'] })}
                      >
                        {TIER_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {ROLE_TEXT[role]}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label="Reviews" error={err('policy') ?? err('policy.kind')}>
                    {(p) => (
                      <select
                        {...p}
                        value={r.policy}
                        onChange={(e) => set(i, { policy: e.target.value as TierPolicy['kind'] })}
                      >
                        {(Object.keys(POLICY_TEXT) as TierPolicy['kind'][]).map((k) => (
                          <option key={k} value={k}>
                            {POLICY_TEXT[k]}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  {r.policy === 'sample' ? (
                    <Field label="Sample (%)" error={err('policy.percent')} hint="plus escalated items">
                      {(p) => (
                        <input
                          {...p}
                          type="number"
                          min={0}
                          max={100}
                          step="any"
                          value={r.percent}
                          onChange={(e) => set(i, { percent: e.target.value })}
                        />
                      )}
                    </Field>
                  ) : (
                    <span />
                  )}
                  <div className="row-actions">
                    <button
                      type="button"
                      className="btn ghost icon"
                      data-focus-id={id(r, 'up')}
                      aria-label={`Move tier ${title} up`}
                      disabled={i === 0}
                      onClick={() => shift(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn ghost icon"
                      data-focus-id={id(r, 'down')}
                      aria-label={`Move tier ${title} down`}
                      disabled={i === value.length - 1}
                      onClick={() => shift(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn ghost small danger"
                      aria-label={`Remove tier ${title}`}
                      onClick={() => onChange(value.filter((_, j) => j !== i))}
                    >
                      Remove
                    </button>
                  </div>
                </div>
                <label className="check tier-skills">
                  <input
                    type="checkbox"
                    checked={r.matchSkills}
                    onChange={(e) => set(i, { matchSkills: e.target.checked })}
                  />
                  Route by skill: a tagged item reaches only {r.role === 'expert' ? 'experts' : 'reviewers'}{' '}
                  with a matching skill
                </label>
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" className="btn" onClick={add} disabled={value.length >= 10}>
        + Add tier
      </button>
    </div>
  );
}

/** The review part of the settings form. */
export interface ReviewForm {
  tiers: TierRow[];
  /** 0 to 1; blank: never escalate on disagreement. */
  agreementThreshold: string;
  /** Percent; blank: no gold items. */
  goldRate: string;
  annotatorsMatchSkills: boolean;
}

/**
 * Settings with the review defaults filled in, as the server applies them: the default tiers,
 * no threshold (0), no gold (0), no skill routing in the annotation queue.
 */
export function withReviewDefaults(s: ProjectSettings) {
  return {
    ...s,
    tiers: s.tiers ?? DEFAULT_TIERS,
    agreementThreshold: s.agreementThreshold ?? 0,
    goldRate: s.goldRate ?? 0,
    annotatorsMatchSkills: s.annotatorsMatchSkills ?? false,
  };
}

const blankZero = (n: number) => (n === 0 ? '' : String(n));

export function reviewForm(settings: ProjectSettings): ReviewForm {
  const s = withReviewDefaults(settings);
  return {
    tiers: tierRows(s.tiers),
    agreementThreshold: blankZero(s.agreementThreshold),
    goldRate: blankZero(s.goldRate),
    annotatorsMatchSkills: s.annotatorsMatchSkills,
  };
}

/** The form as ProjectSettingsSchema input. Blank is 0: the merge on the server needs a value to turn a setting off. */
export function reviewSettings(f: ReviewForm) {
  return {
    tiers: rowsToTiers(f.tiers),
    agreementThreshold: f.agreementThreshold.trim() === '' ? 0 : toNumber(f.agreementThreshold),
    goldRate: f.goldRate.trim() === '' ? 0 : toNumber(f.goldRate),
    annotatorsMatchSkills: f.annotatorsMatchSkills,
  };
}

/** What the tiers being edited would do to items, as the settings form needs it (`useTierMoves`). */
export interface TierMoves {
  /** The edit removes or renames a tier, so the server was asked what happens to their items. */
  asked: boolean;
  /** The answer for the tiers as they are now; null while it is on its way (or failed). */
  moves: TierMove[] | null;
  /** The last answer, kept on screen while the next one loads so the panel does not jump. */
  shown: TierMove[] | null;
  error: Error | null;
  retry: () => void;
  /** Items would move: saving needs `confirmed`. */
  needsConfirm: boolean;
  confirmed: boolean;
  setConfirmed: (yes: boolean) => void;
  /** Why Save must wait, or null. */
  blocker: string | null;
}

/** Items at a tier an edit removes, which the manager must agree to move before saving. */
const moving = (m: TierMove) => m.change === 'removed' && m.waiting + m.rejected > 0;

/**
 * Asks the server what saving the tiers in `rows` would do to the items at the tiers it removes
 * or renames (from `saved`, the tiers as stored), a moment after the last keystroke. An edit
 * that only adds, moves or changes tiers keeps every item where it is, and asks nothing. When
 * items would move, Save waits for the manager to confirm; a changed answer asks again.
 */
export function useTierMoves(projectId: number, saved: readonly Tier[], rows: readonly TierRow[]): TierMoves {
  const parsed = TiersSchema.safeParse(rowsToTiers(rows));
  const affects = parsed.success && planTierEdit(saved, parsed.data).some((f) => f.change !== 'kept');
  const key = affects ? JSON.stringify(parsed.data) : null;
  const settled = useDebounced(key, 300);
  const [answer, setAnswer] = useState<{ key: string; moves: TierMove[] } | null>(null);
  const [failure, setFailure] = useState<{ key: string; error: Error } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again after a failure
  useEffect(() => {
    if (settled === null) {
      // Saved or undone: an answer about the tiers as they were is no use for the next edit.
      setAnswer(null);
      return;
    }
    const ctl = new AbortController();
    previewTierEdit(projectId, JSON.parse(settled) as Tier[], ctl.signal).then(
      (r) => {
        if (!ctl.signal.aborted) setAnswer({ key: settled, moves: r.moves });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setFailure({ key: settled, error: e as Error });
      },
    );
    return () => ctl.abort();
  }, [projectId, settled, attempt]);

  const moves = key !== null && answer?.key === key ? answer.moves : null;
  const error = key !== null && failure?.key === key && !moves ? failure.error : null;
  const needsConfirm = moves?.some(moving) ?? false;
  // Agreeing to one set of moves is not agreeing to another: a new answer asks again.
  const confirmKey = moves && `${key}\n${JSON.stringify(moves)}`;
  const confirmed = needsConfirm && confirmedFor === confirmKey;
  return {
    asked: key !== null,
    moves,
    shown: key === null ? null : (moves ?? answer?.moves ?? null),
    error,
    retry: () => {
      setFailure(null);
      setAttempt((n) => n + 1);
    },
    needsConfirm,
    confirmed,
    setConfirmed: (yes) => setConfirmedFor(yes ? confirmKey : null),
    blocker:
      key === null
        ? null
        : !moves
          ? error
            ? 'Check which items the tier change moves to save.'
            : 'Checking which items the tier change moves…'
          : needsConfirm && !confirmed
            ? 'Confirm the items that move to another tier to save.'
            : null,
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One removed or renamed tier, in words: "3 items wait at Expert; they will move to Review." */
function moveText(m: TierMove): ReactNode {
  const from = <strong>{m.from}</strong>;
  const to = <strong>{m.to}</strong>;
  if (m.change === 'renamed') {
    const n = m.waiting + m.rejected;
    return (
      <>
        {from} is renamed {to}
        {n > 0 ? `; its ${count(n, 'item stays', 'items stay')} there.` : '.'}
      </>
    );
  }
  if (!moving(m)) return <>No items wait at {from}.</>;
  return (
    <>
      {m.waiting > 0 && (
        <>
          {count(m.waiting, 'item waits', 'items wait')} at {from};{' '}
          {m.to === null ? (
            'with no tier left, they will be accepted as they are.'
          ) : (
            <>
              {m.waiting === 1 ? 'it' : 'they'} will move to {to}.
            </>
          )}
        </>
      )}
      {m.waiting > 0 && m.rejected > 0 && ' '}
      {m.rejected > 0 && (
        <>
          {count(m.rejected, 'item', 'items')} sent back from {from} to be fixed{' '}
          {m.to === null ? 'will be accepted once fixed.' : <>will go to {to} once fixed.</>}
        </>
      )}
    </>
  );
}

/** What saving the edited tiers does to the items at them, with the confirmation Save waits for. */
function TierMovesNote({ moves }: { moves: TierMoves }) {
  if (!moves.asked) return null;
  const list = moves.shown;
  // While the next answer loads, the last one stays, with its confirmation box (disabled), so
  // the panel keeps its height.
  const confirmable = list?.some(moving) ?? false;
  return (
    <div
      className={`tier-moves${confirmable ? ' warn' : ''}`}
      aria-live="polite"
      aria-busy={moves.moves === null && !moves.error}
    >
      {moves.error ? (
        <ErrorNote error={moves.error} onRetry={moves.retry} />
      ) : list === null ? (
        <p className="muted small">Checking which items wait at the tiers you changed…</p>
      ) : list.length === 0 ? (
        <p className="muted small">No items wait at the tiers you changed.</p>
      ) : (
        <ul>
          {list.map((m) => (
            <li key={`${m.change}-${m.from}`}>{moveText(m)}</li>
          ))}
        </ul>
      )}
      {confirmable && (
        <label className="check">
          <input
            type="checkbox"
            disabled={!moves.needsConfirm}
            checked={moves.confirmed}
            onChange={(e) => moves.setConfirmed(e.target.checked)}
          />
          Move these items when I save
        </label>
      )}
    </div>
  );
}

/**
 * Settings panel: the tiers, what the edit does to the items at them, then the quality settings.
 * `errors` by full path (`settings.tiers.0.name`).
 */
export function ReviewPanel({
  value,
  onChange,
  errors,
  moves,
}: {
  value: ReviewForm;
  onChange: (next: ReviewForm) => void;
  errors: ReadonlyMap<string, string>;
  moves: TierMoves;
}) {
  const tierErrors = new Map<string, string>();
  for (const [path, message] of errors) {
    if (path === 'settings.tiers') tierErrors.set('', message);
    else if (path.startsWith('settings.tiers.'))
      tierErrors.set(path.slice('settings.tiers.'.length), message);
  }
  return (
    <section className="panel" aria-label="Review">
      <h2>Review</h2>
      <p className="muted small">
        Tiers, lowest first: an item climbs them in order and the last tier's decision is final. A reviewer
        who rejects sends the item back to its annotator; escalating sends it up a tier.
      </p>
      <TiersEditor
        value={value.tiers}
        onChange={(tiers) => onChange({ ...value, tiers })}
        errors={tierErrors}
      />
      <TierMovesNote moves={moves} />
      <div className="form-grid review-quality">
        <Field
          label="Escalate below agreement"
          error={errors.get('settings.agreementThreshold')}
          hint="0 to 1, e.g. 0.7: items whose annotators agree less go to the escalated tiers. Blank: never."
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={1}
              step={0.05}
              placeholder="never"
              value={value.agreementThreshold}
              onChange={(e) => onChange({ ...value, agreementThreshold: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="Gold items (% of each queue)"
          error={errors.get('settings.goldRate')}
          hint="Known-answer items mixed in unannounced to measure each annotator. Blank: none."
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={100}
              step="any"
              placeholder="none"
              value={value.goldRate}
              onChange={(e) => onChange({ ...value, goldRate: e.target.value })}
            />
          )}
        </Field>
        <div className="field span-2">
          <span className="field-label">Annotation queue</span>
          <label className="check">
            <input
              type="checkbox"
              checked={value.annotatorsMatchSkills}
              onChange={(e) => onChange({ ...value, annotatorsMatchSkills: e.target.checked })}
            />
            Route by skill: a tagged item reaches only annotators with a matching skill
          </label>
        </div>
      </div>
    </section>
  );
}
