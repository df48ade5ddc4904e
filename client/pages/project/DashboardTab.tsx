import { type ReactNode, useId } from 'react';
import { Link } from 'react-router';
import { ITEM_STATUSES } from '../../../shared/api.ts';
import type { Dashboard } from '../../../shared/review/api.ts';
import { formatSeconds } from '../../annotate/InfoPanel.tsx';
import { getDashboard } from '../../api/review.ts';
import { EmptyState, ErrorNote, Skeleton } from '../../ui/Feedback.tsx';
import { formatCount } from '../../ui/format.ts';
import { STATUS_LABELS } from '../../ui/Status.tsx';
import { useResource } from '../../ui/useResource.ts';
import { useProject } from './ProjectPage.tsx';

/**
 * What a manager watches: where the items are, how fast work flows, how each annotator does
 * (count, time, approval, gold accuracy), where annotators disagree and what each review tier
 * costs. Charts are plain SVG with a <title> and a <desc> that says the numbers in words.
 */
export function DashboardTab() {
  const { project } = useProject();
  const res = useResource((signal) => getDashboard(project.id, signal), [project.id]);
  if (res.error) return <ErrorNote error={res.error} onRetry={res.reload} />;
  if (!res.data)
    return (
      <div className="tab-body dash">
        <Skeleton rows={6} height={40} />
      </div>
    );
  const d = res.data;
  const total = Object.values(d.byStatus).reduce((n, v) => n + v, 0);
  if (total === 0)
    return (
      <EmptyState title="No items yet">
        The dashboard fills in as items are imported, labeled and reviewed.{' '}
        <Link to="../io">Import data</Link>
      </EmptyState>
    );
  return <DashboardView d={d} total={total} />;
}

const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);

function hours(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;
}

function DashboardView({ d, total }: { d: Dashboard; total: number }) {
  const accepted = d.byStatus.accepted ?? 0;
  const waiting = d.byTier.reduce((n, t) => n + t.waiting, 0);
  const last7 = d.throughput.slice(-7);
  const perDay = last7.reduce((n, t) => n + t.submitted, 0) / Math.max(1, last7.length);
  const statuses = ITEM_STATUSES.filter((s) => (d.byStatus[s] ?? 0) > 0);
  const annotators = [...d.annotators].sort((a, b) => b.submitted - a.submitted);
  const labels = [...d.agreementByLabel].sort((a, b) => (a.score ?? -1) - (b.score ?? -1));

  return (
    <div className="tab-body dash" data-testid="dashboard">
      <dl className="tiles dash-tiles">
        <div>
          <dt>Items</dt>
          <dd>{formatCount(total)}</dd>
        </div>
        <div>
          <dt>Accepted</dt>
          <dd>
            {formatCount(accepted)} <span className="muted small">{pct(accepted / total)}</span>
          </dd>
        </div>
        <div>
          <dt>Waiting for review</dt>
          <dd>{formatCount(waiting)}</dd>
        </div>
        <div>
          <dt>Submitted per day</dt>
          <dd>
            {perDay.toFixed(perDay < 10 ? 1 : 0)} <span className="muted small">last 7 days</span>
          </dd>
        </div>
        <div>
          <dt>Agreement</dt>
          <dd>{pct(d.agreement)}</dd>
        </div>
      </dl>

      <div className="dash-grid">
        <Card title="Items by status">
          <Bars
            title="Items by status"
            data={statuses.map((s) => ({
              label: STATUS_LABELS[s],
              value: d.byStatus[s] ?? 0,
              color: `var(--st-${s})`,
            }))}
          />
        </Card>
        <Card title="Waiting per review tier">
          {d.byTier.length ? (
            <Bars
              title="Items waiting per review tier"
              data={d.byTier.map((t) => ({ label: t.tier, value: t.waiting, color: 'var(--st-in_review)' }))}
            />
          ) : (
            <p className="muted small">This project has no review tiers.</p>
          )}
        </Card>
        <Card title="Throughput, last 30 days" wide>
          <Throughput data={d.throughput} />
        </Card>
        <Card title="Annotators" wide>
          <AnnotatorTable rows={annotators} />
        </Card>
        <Card title="Agreement per label">
          {labels.length ? (
            <HBars
              title="Mean agreement per label, lowest first"
              max={1}
              format={pct}
              data={labels.map((l) => ({
                label: `${l.label}`,
                sub: l.task,
                value: l.score,
                color: l.score !== null && l.score < 0.6 ? 'var(--st-rejected)' : 'var(--accent)',
              }))}
            />
          ) : (
            <p className="muted small">Needs items labeled by two or more people (overlap above 1).</p>
          )}
        </Card>
        <Card title="Time spent per tier">
          {d.timeByTier.length ? (
            <HBars
              title="Working time per tier"
              format={(v) => (v === null ? '-' : hours(v))}
              data={d.timeByTier.map((t) => ({
                label: t.tier,
                sub: t.decisions
                  ? `${formatCount(t.decisions)} × ${formatSeconds(t.seconds / t.decisions)}`
                  : 'no decisions yet',
                value: t.seconds,
                color: 'var(--st-submitted)',
              }))}
            />
          ) : (
            <p className="muted small">Nothing timed yet.</p>
          )}
        </Card>
      </div>
    </div>
  );
}

function Card({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={`panel dash-card${wide ? ' wide' : ''}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A round axis maximum: 1, 2 or 5 times a power of ten, at least `v`. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = [1, 2, 5, 10].find((k) => k * p >= v)!;
  return m * p;
}

/** An SVG chart's accessible frame: the title names it, the description says its numbers. */
function Chart({
  width,
  height,
  title,
  desc,
  children,
}: {
  width: number;
  height: number;
  title: string;
  desc: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {children}
    </svg>
  );
}

interface Datum {
  label: string;
  value: number;
  color: string;
}

/** Vertical bars with the value above each and the label below. */
function Bars({ title, data }: { title: string; data: readonly Datum[] }) {
  const W = 420;
  const H = 200;
  const top = 22;
  const bottom = 34;
  const max = niceMax(Math.max(...data.map((d) => d.value), 0));
  const slot = W / Math.max(data.length, 1);
  const bar = Math.min(56, slot * 0.62);
  const y = (v: number) => H - bottom - (v / max) * (H - top - bottom);
  return (
    <Chart
      width={W}
      height={H}
      title={title}
      desc={data.map((d) => `${d.label}: ${formatCount(d.value)}`).join(', ')}
    >
      <line x1={0} x2={W} y1={H - bottom} y2={H - bottom} className="chart-axis" />
      {data.map((d, i) => {
        const x = i * slot + (slot - bar) / 2;
        return (
          <g key={d.label}>
            <rect
              x={x}
              y={y(d.value)}
              width={bar}
              height={H - bottom - y(d.value)}
              rx={3}
              style={{ fill: d.color }}
            >
              <title>{`${d.label}: ${formatCount(d.value)}`}</title>
            </rect>
            <text x={x + bar / 2} y={y(d.value) - 6} textAnchor="middle" className="chart-value">
              {formatCount(d.value)}
            </text>
            <text x={x + bar / 2} y={H - bottom + 18} textAnchor="middle" className="chart-label">
              {d.label.length > 14 ? `${d.label.slice(0, 13)}…` : d.label}
            </text>
          </g>
        );
      })}
    </Chart>
  );
}

/** Horizontal bars, one row per entry: label on the left, the value at the bar's end. */
function HBars({
  title,
  data,
  max,
  format,
}: {
  title: string;
  data: readonly { label: string; sub?: string; value: number | null; color: string }[];
  max?: number;
  format: (v: number | null) => string;
}) {
  const W = 420;
  const row = 30;
  const labelW = 130;
  const valueW = 56;
  const H = data.length * row + 4;
  const top = max ?? niceMax(Math.max(...data.map((d) => d.value ?? 0), 0));
  const span = W - labelW - valueW;
  return (
    <Chart
      width={W}
      height={H}
      title={title}
      desc={data.map((d) => `${d.label}${d.sub ? ` (${d.sub})` : ''}: ${format(d.value)}`).join(', ')}
    >
      {data.map((d, i) => {
        const y = i * row + 4;
        const w = d.value === null ? 0 : Math.max(2, (d.value / top) * span);
        return (
          <g key={`${d.sub ?? ''}:${d.label}`}>
            <text x={0} y={y + 11} className="chart-label strong">
              {d.label.length > 18 ? `${d.label.slice(0, 17)}…` : d.label}
            </text>
            {d.sub && (
              <text x={0} y={y + 24} className="chart-sub">
                {d.sub.length > 22 ? `${d.sub.slice(0, 21)}…` : d.sub}
              </text>
            )}
            <rect x={labelW} y={y + 4} width={span} height={16} rx={3} className="chart-track" />
            <rect x={labelW} y={y + 4} width={w} height={16} rx={3} style={{ fill: d.color }}>
              <title>{`${d.label}: ${format(d.value)}`}</title>
            </rect>
            <text x={labelW + span + 8} y={y + 16} className="chart-value">
              {format(d.value)}
            </text>
          </g>
        );
      })}
    </Chart>
  );
}

/** Submits and review decisions per day as paired columns, with a legend and a few date ticks. */
function Throughput({ data }: { data: Dashboard['throughput'] }) {
  const W = 880;
  const H = 220;
  const left = 36;
  const top = 12;
  const bottom = 30;
  const max = niceMax(Math.max(...data.map((d) => Math.max(d.submitted, d.reviewed)), 0));
  const slot = (W - left) / Math.max(data.length, 1);
  const col = Math.max(2, Math.min(10, slot * 0.36));
  const y = (v: number) => H - bottom - (v / max) * (H - top - bottom);
  const every = Math.ceil(data.length / 8);
  const sumS = data.reduce((n, d) => n + d.submitted, 0);
  const sumR = data.reduce((n, d) => n + d.reviewed, 0);
  const day = (iso: string) =>
    new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  return (
    <>
      <ul className="chart-legend">
        <li>
          <span className="dot" style={{ background: 'var(--accent)' }} aria-hidden="true" /> submitted{' '}
          <strong>{formatCount(sumS)}</strong>
        </li>
        <li>
          <span className="dot" style={{ background: 'var(--st-accepted)' }} aria-hidden="true" /> review
          decisions <strong>{formatCount(sumR)}</strong>
        </li>
      </ul>
      <Chart
        width={W}
        height={H}
        title="Throughput per day"
        desc={`Over the last ${data.length} days: ${sumS} annotations submitted and ${sumR} review decisions. ${data
          .filter((d) => d.submitted || d.reviewed)
          .map((d) => `${d.day}: ${d.submitted} submitted, ${d.reviewed} reviewed`)
          .join('; ')}`}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={left}
              x2={W}
              y1={y(max * f)}
              y2={y(max * f)}
              className={f ? 'chart-grid' : 'chart-axis'}
            />
            <text x={left - 6} y={y(max * f) + 4} textAnchor="end" className="chart-sub">
              {formatCount(Math.round(max * f))}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x = left + i * slot + slot / 2;
          return (
            <g key={d.day}>
              <rect
                x={x - col - 0.5}
                y={y(d.submitted)}
                width={col}
                height={H - bottom - y(d.submitted)}
                style={{ fill: 'var(--accent)' }}
              >
                <title>{`${d.day}: ${d.submitted} submitted`}</title>
              </rect>
              <rect
                x={x + 0.5}
                y={y(d.reviewed)}
                width={col}
                height={H - bottom - y(d.reviewed)}
                style={{ fill: 'var(--st-accepted)' }}
              >
                <title>{`${d.day}: ${d.reviewed} review decisions`}</title>
              </rect>
              {(i === data.length - 1 || (i % every === 0 && data.length - 1 - i >= every / 2)) && (
                <text x={x} y={H - bottom + 18} textAnchor="middle" className="chart-label">
                  {day(d.day)}
                </text>
              )}
            </g>
          );
        })}
      </Chart>
    </>
  );
}

/** A bar inside a table cell, 0 to 1. */
function CellBar({ value, tone }: { value: number | null; tone?: 'ok' | 'bad' }) {
  if (value === null) return null;
  return (
    <svg className="cell-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
      <rect width={100} height={8} rx={2} className="chart-track" />
      <rect width={Math.max(1, value * 100)} height={8} rx={2} className={tone === 'bad' ? 'bad' : 'good'} />
    </svg>
  );
}

function AnnotatorTable({ rows }: { rows: Dashboard['annotators'] }) {
  if (!rows.length) return <p className="muted small">Nobody has submitted anything yet.</p>;
  const most = Math.max(...rows.map((r) => r.submitted), 1);
  return (
    <div className="table-wrap">
      <table className="table dash-table">
        <caption className="sr-only">
          Per annotator: submitted, median time, approval rate, gold accuracy
        </caption>
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <th scope="col" className="num">
              Submitted
            </th>
            <th scope="col" className="num">
              Median time
            </th>
            <th scope="col" className="num">
              Approval rate
            </th>
            <th scope="col" className="num">
              Gold accuracy
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.username}>
              <td>
                <strong>{r.username}</strong>
              </td>
              <td className="num">
                <span className="cell-num">{formatCount(r.submitted)}</span>
                <CellBar value={r.submitted / most} />
              </td>
              <td className="num">{formatSeconds(r.medianSeconds)}</td>
              <td className="num">
                <span className="cell-num">{pct(r.approvalRate)}</span>
                <CellBar
                  value={r.approvalRate}
                  tone={r.approvalRate !== null && r.approvalRate < 0.7 ? 'bad' : 'ok'}
                />
              </td>
              <td className="num">
                <span className="cell-num" title={`${r.goldItems} gold items answered`}>
                  {r.goldItems ? pct(r.goldAccuracy) : 'no gold yet'}
                </span>
                {r.goldItems > 0 && (
                  <CellBar
                    value={r.goldAccuracy}
                    tone={r.goldAccuracy !== null && r.goldAccuracy < 0.8 ? 'bad' : 'ok'}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
