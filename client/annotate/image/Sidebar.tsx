/**
 * Beside the canvas: the labels (pick the one to draw with, hide/show each) and the regions list
 * (every shape, synced with the selection both ways). The list is virtualised: 5,000 shapes are
 * 5,000 rows of data but only a screenful of DOM.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { ShapeTask, ShapeTaskType } from '../../../shared/formats/imageShapes.ts';
import { hiddenKey, type SceneShape } from './scene.ts';
import type { DrawTarget, ShapeRef } from './tools.ts';

const KIND_NAME: Record<ShapeTaskType, string> = { boxes: 'box', polygons: 'polygon', points: 'point' };

export interface LabelsPanelProps {
  tasks: readonly ShapeTask[];
  colors: ReadonlyMap<string, string>;
  counts: ReadonlyMap<string, number>;
  hidden: ReadonlySet<string>;
  allHidden: boolean;
  /** The label each kind draws with; the current tool's kind is highlighted. */
  targets: Partial<Record<ShapeTaskType, DrawTarget>>;
  activeKind: ShapeTaskType | null;
  readOnly: boolean;
  onToggle(key: string): void;
  onPick(task: ShapeTask, label: string): void;
}

export const LabelsPanel = memo(function LabelsPanel(p: LabelsPanelProps) {
  return (
    <section className="ie-labels" aria-label="Labels">
      {p.tasks.map((task) => (
        <div key={task.name} className="ie-task">
          <h3 className="ie-task-name">
            {task.name} <span className="muted small">{task.type}</span>
          </h3>
          <ul>
            {task.labels.map((l) => {
              const key = hiddenKey(task.name, l.value);
              const shown = !p.allHidden && !p.hidden.has(key);
              const t = p.targets[task.type];
              const active = p.activeKind === task.type && t?.task === task.name && t.label === l.value;
              return (
                <li key={l.value} className={active ? 'ie-label active' : 'ie-label'}>
                  <button
                    type="button"
                    className="ie-label-pick"
                    disabled={p.readOnly}
                    onClick={() => p.onPick(task, l.value)}
                    title={p.readOnly ? undefined : `Draw ${l.value} (${KIND_NAME[task.type]})`}
                  >
                    <span className="ie-swatch" style={{ background: p.colors.get(key) }} />
                    <span className="ie-label-name">{l.value}</span>
                    {/* Read-only, the keys are the host's (in review, C corrects): no label hotkeys. */}
                    {l.hotkey && !p.readOnly && <kbd className="ie-kbd">{l.hotkey}</kbd>}
                    <span className="ie-count num">{p.counts.get(key) ?? 0}</span>
                  </button>
                  <button
                    type="button"
                    className="btn ghost icon small ie-eye"
                    aria-pressed={!shown}
                    aria-label={`${shown ? 'Hide' : 'Show'} ${l.value}`}
                    title={`${shown ? 'Hide' : 'Show'} ${l.value}`}
                    onClick={() => p.onToggle(key)}
                  >
                    {shown ? '◉' : '○'}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
});

export interface RegionsListProps {
  shapes: readonly SceneShape[];
  selected: ShapeRef | null;
  hidden: ReadonlySet<string>;
  allHidden: boolean;
  readOnly: boolean;
  onSelect(ref: ShapeRef): void;
  onDelete(ref: ShapeRef): void;
}

const ROW_PX = 30;

function summary(s: SceneShape): string {
  const b = s.bounds;
  if (s.kind === 'boxes')
    return `${Math.round(b.width)}×${Math.round(b.height)} at ${Math.round(b.x)}, ${Math.round(b.y)}`;
  if (s.kind === 'polygons' && 'points' in s.shape) return `${s.shape.points.length} points`;
  return `${Math.round(b.x)}, ${Math.round(b.y)}`;
}

export const RegionsList = memo(function RegionsList(p: RegionsListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: p.shapes.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  const selectedIndex = p.selected
    ? p.shapes.findIndex((s) => s.ref.task === p.selected!.task && s.ref.index === p.selected!.index)
    : -1;

  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtual]);

  return (
    <section className="ie-regions" aria-label="Regions">
      <h3 className="ie-regions-head">
        Regions <span className="muted small num">{p.shapes.length}</span>
      </h3>
      {p.shapes.length === 0 ? (
        <p className="muted small ie-regions-empty">No shapes yet.</p>
      ) : (
        <div ref={scroller} className="ie-regions-scroll">
          <ul className="ie-regions-list" style={{ height: virtual.getTotalSize() }}>
            {virtual.getVirtualItems().map((row) => {
              const s = p.shapes[row.index]!;
              const isSel = row.index === selectedIndex;
              const hidden = p.allHidden || p.hidden.has(hiddenKey(s.ref.task, s.shape.label));
              return (
                <li
                  key={row.key}
                  className={`ie-region${isSel ? ' selected' : ''}${hidden ? ' hidden' : ''}`}
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_PX }}
                >
                  <button
                    type="button"
                    className="ie-region-pick"
                    // A narrow side column cuts the summary short; the whole of it shows on hover.
                    title={`${s.shape.label}: ${KIND_NAME[s.kind]} · ${summary(s)}`}
                    onClick={() => p.onSelect(s.ref)}
                    disabled={hidden}
                  >
                    <span className="ie-swatch" style={{ background: s.color }} />
                    <span className="ie-region-label">{s.shape.label}</span>
                    <span className="ie-region-meta muted small">
                      {KIND_NAME[s.kind]} · {summary(s)}
                    </span>
                  </button>
                  {!p.readOnly && (
                    <button
                      type="button"
                      className="btn ghost icon small danger"
                      aria-label={`Delete ${s.shape.label} ${KIND_NAME[s.kind]}`}
                      title="Delete"
                      onClick={() => p.onDelete(s.ref)}
                    >
                      ×
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
});
