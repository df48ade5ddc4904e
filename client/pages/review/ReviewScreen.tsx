import { lazy, Suspense, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { Project } from '../../../shared/api.ts';
import type { Labels } from '../../../shared/labels.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import type { ReviewResultSchema, ReviewWork } from '../../../shared/review/api.ts';
import type { ReviewDecision, ReviewDecisionKind } from '../../../shared/review/decision.ts';
import { type Tier, tierIndex } from '../../../shared/review/tiers.ts';
import { formatCombo, isMac } from '../../annotate/keys.ts';
import { layoutText } from '../../annotate/segments.ts';
import { ApiError } from '../../api/http.ts';
import { decide } from '../../api/review.ts';
import { formatDateTime } from '../../ui/format.ts';
import type { ReviewActionState, ReviewCommands, ReviewMode } from './actions.ts';
import { AnnotationColumns, AnnotationDoc, type DocProps, MIN_COLUMN_PX } from './Columns.tsx';
import { Correction } from './Correction.tsx';
import { NoteDialog, ReviewButton, ReviewHelp, useReviewKeyboard } from './controls.tsx';
import { labelsDiff, type TaskDiff } from './diff.ts';
import { annotationViews, diffView, labelColors, percent } from './model.ts';
import { Timeline } from './Timeline.tsx';

const Markdown = lazy(() => import('../../ui/Markdown.tsx').then((m) => ({ default: m.Markdown })));

export type ReviewResult = z.infer<typeof ReviewResultSchema>;

interface Props {
  project: Project;
  work: ReviewWork;
  tiers: readonly Tier[];
  me: string;
  /** A decision went through: show the next item. */
  onDone: (decision: ReviewDecisionKind, result: ReviewResult) => void;
  /** Leave this item (one I may not review) for the next. */
  onSkip: () => void;
}

type Message = { kind: 'error' | 'info'; text: string };

/**
 * The reviewer's screen for one item at one tier: every annotation read-only and side by side
 * with their disagreements, the agreement score, earlier decisions, and the four decisions on
 * keys. The page mounts a new one for every item.
 */
export function ReviewScreen({ project, work, tiers, me, onDone, onSkip }: Props) {
  const schema = project.schema;
  const { item, annotations } = work;
  const [chosenId, setChosenId] = useState<number | null>(
    annotations.length === 1 ? annotations[0]!.id : null,
  );
  const [mode, setMode] = useState<ReviewMode>('review');
  const [help, setHelp] = useState(false);
  const [note, setNote] = useState('');
  const [correction, setCorrection] = useState<Labels | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [selfReview, setSelfReview] = useState(() => annotations.some((a) => a.by === me));
  const [focus, setFocus] = useState<string | null>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const [actionsSlot, setActionsSlot] = useState<HTMLDivElement | null>(null);
  const headRef = useRef<HTMLDivElement>(null);

  // The side column sticks below the head, whose height changes with its banners and messages.
  useLayoutEffect(() => {
    const head = headRef.current;
    const screen = screenRef.current;
    if (!head || !screen) return;
    const ro = new ResizeObserver(() => screen.style.setProperty('--ann-head', `${head.offsetHeight}px`));
    ro.observe(head);
    return () => ro.disconnect();
  }, []);

  const colorOf = useMemo(() => labelColors(schema), [schema]);
  const views = useMemo(() => annotationViews(schema, annotations), [schema, annotations]);
  const text = useMemo(() => {
    if (item.kind !== 'text') return { layout: null, map: null };
    const t = item.data.text ?? '';
    return { layout: layoutText(t), map: new OffsetMap(t) };
  }, [item]);
  const doc: DocProps = { schema, item, ...text, colorOf, focus, onFocus: setFocus };

  const at = tierIndex(tiers, work.tier);
  const nextTier = at === null ? undefined : tiers[at + 1];
  const chosen = annotations.find((a) => a.id === chosenId) ?? null;
  const threshold = project.settings.agreementThreshold;
  const score = work.agreement?.score ?? null;
  const changes = useMemo(
    () => (chosen && correction ? labelsDiff(schema, chosen.labels, correction) : []),
    [schema, chosen, correction],
  );

  const needChosen = () => {
    if (chosen) return chosen;
    setMessage({
      kind: 'info',
      text: `Choose the annotation first: click its column or press 1 to ${annotations.length}.`,
    });
    return null;
  };

  async function send(body: ReviewDecision, annotationId: number) {
    setBusy(true);
    setMessage(null);
    try {
      const result = await decide(annotationId, body);
      onDone(body.decision, result);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.id === 'self_review') {
        setSelfReview(true);
        setMode('review');
        return;
      }
      setMessage({ kind: 'error', text: `Not sent: ${(e as Error).message}` });
    }
  }

  const commands: ReviewCommands = {
    approve: () => {
      const a = needChosen();
      if (a && !busy) void send({ decision: 'approve' }, a.id);
    },
    reject: () => {
      if (!needChosen()) return;
      setNote('');
      setMessage(null);
      setMode('reject');
    },
    correct: () => {
      const a = needChosen();
      if (!a) return;
      setMessage(null);
      setFocus(null);
      setCorrection(a.labels);
      setMode('correct');
    },
    escalate: () => {
      if (!nextTier) return;
      setNote('');
      setMessage(null);
      setMode('escalate');
    },
    choose: (n) => {
      const a = annotations[n - 1];
      if (!a) return;
      setChosenId(a.id);
      setMessage(null);
    },
    toggleHelp: () => setHelp((h) => !h),
    escape: () => {
      if (help) setHelp(false);
      else if (mode === 'reject' || mode === 'escalate') setMode('review');
      else if (mode === 'diff') setMode('correct');
    },
    confirm: () => {
      if (busy) return;
      if (mode === 'reject' && chosen && note.trim())
        void send({ decision: 'reject', comment: note.trim() }, chosen.id);
      else if (mode === 'escalate') {
        const target = chosen ?? annotations[0]!;
        void send(
          note.trim() ? { decision: 'escalate', comment: note.trim() } : { decision: 'escalate' },
          target.id,
        );
      } else if (mode === 'diff' && chosen && correction && changes.length) {
        void send(
          note.trim()
            ? { decision: 'correct', labels: correction, comment: note.trim() }
            : { decision: 'correct', labels: correction },
          chosen.id,
        );
      }
    },
  };
  const actionState = (): ReviewActionState => ({
    mode: help ? 'help' : mode,
    annotations: annotations.length,
    canEscalate: nextTier !== undefined,
    locked: busy || selfReview,
  });
  useReviewKeyboard(actionState, commands);

  const decisionsOff = busy || selfReview;
  // Beside an image correction the page's side column joins the correction's own.
  const sideInCorrection = mode === 'correct' && item.kind === 'image';
  // Other modes show their errors where the note is written.
  const headMessage = mode === 'review' ? message : null;
  const side = <ReviewSide project={project} work={work} agreement={!sideInCorrection} />;

  function statusHint(): string {
    const confirm = formatCombo('mod+enter', isMac());
    if (mode === 'correct')
      return `Edit the copy with the annotation tools; ${confirm} shows the difference before anything is sent.`;
    if (mode === 'diff')
      return `Check what changed: ${confirm} approves the correction, Esc goes back to editing.`;
    if (annotations.length > 1)
      return chosen
        ? `Deciding on ${chosen.by}'s annotation. A accepts it, C corrects a copy, R sends it back to ${chosen.by}.`
        : `${annotations.length} annotations: choose the one to accept or correct (1 to ${annotations.length}).`;
    return `A approves, R sends it back to ${chosen?.by ?? 'its annotator'}, C corrects, E escalates. ?: all keys.`;
  }
  const noteError = message?.kind === 'error' ? <p className="field-error">{message.text}</p> : null;

  return (
    <div className="ann rv" data-item={item.id} ref={screenRef}>
      <div className="ann-head" ref={headRef}>
        <div className="ann-toolbar">
          <div className="ann-where">
            <Link to={`/projects/${project.id}/review`} className="ann-project">
              {project.name}
            </Link>
            <span className="chip" title="The tier you are reviewing">
              {work.tier}
            </span>
            <span className="ann-item" title="Item id">
              {item.extId}
            </span>
            {item.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
          {annotations.length > 1 && (
            <span
              className={`rv-score${threshold !== undefined && score !== null && score < threshold ? ' low' : ''}`}
              data-testid="agreement"
              title="Agreement between the annotators (mean pairwise F1)"
            >
              agreement <strong>{percent(score)}</strong>
            </span>
          )}
          {/* In a correction, the correction puts its own buttons here. */}
          <div className="ann-buttons rv-decisions" ref={setActionsSlot}>
            {mode !== 'correct' && (
              <ReviewButton id="help" commands={commands} className="btn small ghost">
                Keys
              </ReviewButton>
            )}
            {mode === 'diff' && (
              <>
                <ReviewButton id="escape" commands={commands} className="btn small">
                  Back to editing
                </ReviewButton>
                <ReviewButton
                  id="confirm"
                  commands={commands}
                  className="btn small primary"
                  disabled={busy || !changes.length}
                >
                  Approve the correction
                </ReviewButton>
              </>
            )}
            {mode !== 'correct' && mode !== 'diff' && (
              <>
                <ReviewButton id="escalate" commands={commands} disabled={decisionsOff || !nextTier}>
                  {nextTier ? `Escalate to ${nextTier.name}` : 'Escalate'}
                </ReviewButton>
                <ReviewButton id="correct" commands={commands} disabled={decisionsOff}>
                  Correct
                </ReviewButton>
                <ReviewButton
                  id="reject"
                  commands={commands}
                  className="btn small danger"
                  disabled={decisionsOff}
                >
                  Reject
                </ReviewButton>
                <ReviewButton
                  id="approve"
                  commands={commands}
                  className="btn small primary"
                  disabled={decisionsOff}
                >
                  {annotations.length > 1 ? 'Accept' : 'Approve'}
                </ReviewButton>
              </>
            )}
          </div>
        </div>
        {selfReview ? (
          <div className="note error ann-banner" role="alert" data-testid="self-review">
            <span>
              You labeled this item yourself, so you cannot review it: another {work.tier.toLowerCase()}{' '}
              reviewer will.
            </span>
            <button type="button" className="btn small" onClick={onSkip}>
              Next item
            </button>
          </div>
        ) : (
          // Present in every mode, so entering or leaving a correction does not move the page.
          <div className={`ann-status${headMessage?.kind === 'error' ? ' error' : ''}`} role="status">
            {headMessage ? headMessage.text : <span className="muted">{statusHint()}</span>}
          </div>
        )}
      </div>

      <div className={`ann-body rv-body${sideInCorrection ? ' rv-body-fill' : ''}`}>
        <div className="ann-main">
          {mode === 'correct' && chosen && correction ? (
            <Correction
              project={project}
              item={item}
              who={chosen.by}
              start={correction}
              others={annotations.filter((a) => a.id !== chosen.id)}
              colorOf={colorOf}
              onFinish={(labels) => {
                setCorrection(labels);
                setNote('');
                setMessage(null);
                setMode('diff');
              }}
              onCancel={() => {
                setCorrection(null);
                setMode('review');
              }}
              actionsSlot={actionsSlot}
              aside={sideInCorrection ? side : undefined}
            />
          ) : mode === 'diff' && chosen && correction ? (
            <DiffView
              doc={doc}
              who={chosen.by}
              before={chosen.labels}
              after={correction}
              changes={changes}
              note={note}
              onNote={setNote}
              busy={busy}
              error={noteError}
              onApproveAsIs={() => void send({ decision: 'approve' }, chosen.id)}
            />
          ) : (
            <AnnotationColumns
              views={views}
              chosenId={chosenId}
              onChoose={(id) => {
                setChosenId(id);
                setMessage(null);
              }}
              {...doc}
            />
          )}
        </div>
        {!sideInCorrection && side}
      </div>

      {(mode === 'reject' || mode === 'escalate') && (
        <NoteDialog
          kind={mode}
          who={chosen?.by ?? annotations[0]!.by}
          busy={busy}
          value={note}
          onChange={setNote}
          onSend={commands.confirm}
          onCancel={() => setMode('review')}
          error={noteError}
        />
      )}
      {help && <ReviewHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

/** The original and the correction side by side, what changed in words, then confirm. */
function DiffView({
  doc,
  who,
  before,
  after,
  changes,
  note,
  onNote,
  busy,
  error,
  onApproveAsIs,
}: {
  doc: DocProps;
  who: string;
  before: Labels;
  after: Labels;
  changes: readonly TaskDiff[];
  note: string;
  onNote: (v: string) => void;
  busy: boolean;
  error: React.ReactNode;
  onApproveAsIs: () => void;
}) {
  const views = useMemo(
    () => ({
      before: diffView(doc.schema, before, after, 'your correction'),
      after: diffView(doc.schema, after, before, `${who}'s original`),
    }),
    [doc.schema, before, after, who],
  );
  return (
    <section className="rv-diff" aria-label="Your correction" data-testid="diff">
      <div className="rv-correct-bar">
        <strong>Check your correction</strong>
        <span className="muted small">
          {changes.length
            ? `${changes.length} ${changes.length === 1 ? 'task' : 'tasks'} changed`
            : 'nothing changed'}
        </span>
      </div>
      {changes.length === 0 ? (
        <div className="note rv-nochange">
          <span>The correction is the same as {who}'s annotation.</span>
          <button type="button" className="btn small" onClick={onApproveAsIs} disabled={busy}>
            Approve it as it is
          </button>
        </div>
      ) : (
        <ul className="rv-changes">
          {changes.map((c) => (
            <li key={c.task}>
              <strong>{c.task}</strong>
              {c.text ? (
                <div className="rv-change-text">
                  <del dir="auto">{c.text.before ?? 'no answer'}</del>
                  <ins dir="auto">{c.text.after ?? 'no answer'}</ins>
                </div>
              ) : (
                <ul>
                  {c.removed.map((r) => (
                    <li key={`-${r}`} className="rv-removed">
                      <span aria-hidden="true">−</span> <span className="sr-only">removed: </span>
                      <span dir="auto">{r}</span>
                    </li>
                  ))}
                  {c.added.map((r) => (
                    <li key={`+${r}`} className="rv-added">
                      <span aria-hidden="true">+</span> <span className="sr-only">added: </span>
                      <span dir="auto">{r}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {/* Only the text view dashes what one side lacks; the image view draws shapes plainly. */}
      {doc.item.kind === 'text' && (
        <p className="rv-legend muted small">
          <span className="rv-legend-dashed" aria-hidden="true" /> ≠ only on this side: removed from the
          original or added by you
        </p>
      )}
      <div
        className="rv-columns"
        style={{
          // Two image editors side by side only when each keeps room for its canvas and its lists.
          gridTemplateColumns:
            doc.item.kind === 'image'
              ? `repeat(auto-fit, minmax(min(100%, ${MIN_COLUMN_PX.image}px), 1fr))`
              : 'repeat(2, minmax(0, 1fr))',
        }}
      >
        <section className="rv-column" aria-label="Original">
          <div className="rv-col-head static">
            <strong>Original</strong> <span className="muted small">{who}</span>
          </div>
          <AnnotationDoc {...doc} labels={before} view={views.before} />
        </section>
        <section className="rv-column chosen" aria-label="Correction">
          <div className="rv-col-head static">
            <strong>Your correction</strong>
          </div>
          <AnnotationDoc {...doc} labels={after} view={views.after} />
        </section>
      </div>
      <label className="field rv-correct-note">
        <span className="field-label">Note for {who} (optional)</span>
        <textarea rows={2} maxLength={5000} value={note} onChange={(e) => onNote(e.target.value)} />
      </label>
      {error}
    </section>
  );
}

/**
 * Beside the annotations: agreement per task, earlier decisions, the full history, guidelines.
 * Under a correction's own panels the agreement is left out (the head shows the score), so the
 * earlier decisions (why an item was escalated) come first.
 */
function ReviewSide({
  project,
  work,
  agreement,
}: {
  project: Project;
  work: ReviewWork;
  agreement: boolean;
}) {
  const [historyOpen, setHistoryOpen] = useState(false);
  const perTask = Object.entries(work.agreement?.perTask ?? {});
  const threshold = project.settings.agreementThreshold;
  const meta = Object.entries(work.item.meta ?? {}).slice(0, 8);
  return (
    <aside className="ann-side rv-side" aria-label="About this item">
      {agreement && work.annotations.length > 1 && (
        <section className="ann-task">
          <h3>Agreement</h3>
          <p className="rv-big">{percent(work.agreement?.score)}</p>
          {threshold !== undefined && (
            <p className="muted small">
              The project escalates items under {percent(threshold)} automatically.
            </p>
          )}
          {perTask.length > 0 && (
            <ul className="rv-bars">
              {perTask.map(([task, v]) => (
                <li key={task}>
                  <span>{task}</span>
                  <span className="rv-bar" aria-hidden="true">
                    <span className="rv-bar-fill" style={{ width: `${Math.round((v ?? 0) * 100)}%` }} />
                  </span>
                  <span className="num">{percent(v)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section className="ann-task" aria-label="Earlier decisions">
        <h3>Earlier decisions</h3>
        {work.reviews.length === 0 ? (
          <p className="muted small">None yet: you are the first to review this item.</p>
        ) : (
          <ol className="rv-reviews">
            {work.reviews.map((r) => (
              <li key={r.id}>
                <span className={`rv-decision ${r.decision}`}>{r.decision}</span> <strong>{r.by}</strong> at{' '}
                {r.tier}
                {r.comment && (
                  <blockquote className="rv-comment" dir="auto">
                    {r.comment}
                  </blockquote>
                )}
                <time className="muted small" dateTime={r.at}>
                  {formatDateTime(r.at)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
      {meta.length > 0 && (
        <section className="ann-task">
          <h3>Item</h3>
          <dl className="rv-meta">
            {meta.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd className="rv-meta-value" dir="auto">
                  {typeof v === 'string' ? v : JSON.stringify(v)}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <details className="ann-task rv-details" onToggle={(e) => setHistoryOpen(e.currentTarget.open)}>
        <summary>Full history</summary>
        {historyOpen && <Timeline itemId={work.item.id} />}
      </details>
      {project.guidelines.trim() && (
        <details className="ann-task rv-details">
          <summary>Guidelines</summary>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Markdown source={project.guidelines} />
          </Suspense>
        </details>
      )}
    </aside>
  );
}
