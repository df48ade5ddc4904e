import { Suspense, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LabelSchema } from '../../../shared/labelSchema.ts';
import type { Labels } from '../../../shared/labels.ts';
import type { OffsetMap } from '../../../shared/offsets.ts';
import type { ReviewWork } from '../../../shared/review/api.ts';
import { formatSeconds } from '../../annotate/InfoPanel.tsx';
// The light entry: Konva loads only when an image item is on screen.
import { ImageView } from '../../annotate/image/index.ts';
import type { TextLayout } from '../../annotate/segments.ts';
import { mediaUrl } from '../../api/review.ts';
import { formatDateTime } from '../../ui/format.ts';
import { type AnnotationView, type ObjectView, reviewSpans } from './model.ts';
import { ReviewText } from './ReviewText.tsx';

/** Narrower than this per column, the annotations become tabs (an image needs its canvas and its lists). */
export const MIN_COLUMN_PX = { text: 340, image: 640 } as const;

export interface DocProps {
  schema: LabelSchema;
  item: ReviewWork['item'];
  /** Text items: the layout and the code-point map of the text. */
  layout: TextLayout | null;
  map: OffsetMap | null;
  colorOf: (task: string, label: string) => string;
  focus: string | null;
  onFocus: (key: string | null) => void;
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/**
 * Every annotation of the item, one column per annotator side by side, or tabs when the screen
 * is too narrow for that. With several, the chosen one (what approve and correct act on) is
 * marked; choosing is a click on its head or its number key.
 */
export function AnnotationColumns({
  views,
  chosenId,
  onChoose,
  ...doc
}: DocProps & {
  views: readonly AnnotationView[];
  chosenId: number | null;
  onChoose: (id: number) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const several = views.length > 1;
  const tabs = several && width > 0 && width / views.length < MIN_COLUMN_PX[doc.item.kind];
  const [tab, setTab] = useState(0);
  const chosenIndex = views.findIndex((v) => v.annotation.id === chosenId);
  const shown = tabs ? Math.min(chosenIndex >= 0 ? chosenIndex : tab, views.length - 1) : -1;

  return (
    <div ref={ref} className="rv-columns-wrap">
      {several && (
        <p className="rv-legend muted small">
          <span className="rv-legend-solid" aria-hidden="true" /> marked by every annotator
          <span className="rv-legend-dashed" aria-hidden="true" /> ≠ not shared by everyone
        </p>
      )}
      {tabs && (
        <div className="rv-tabs" role="tablist" aria-label="Annotations">
          {views.map((v, i) => (
            <button
              key={v.annotation.id}
              type="button"
              role="tab"
              aria-selected={i === shown}
              className={i === shown ? 'active' : ''}
              onClick={() => {
                setTab(i);
                onChoose(v.annotation.id);
              }}
            >
              <kbd>{i + 1}</kbd> {v.annotation.by}
              {v.disputed > 0 && <span className="rv-count">{v.disputed} ≠</span>}
            </button>
          ))}
        </div>
      )}
      <div
        className="rv-columns"
        style={{ gridTemplateColumns: `repeat(${tabs ? 1 : views.length}, minmax(0, 1fr))` }}
      >
        {views.map((v, i) =>
          tabs && i !== shown ? null : (
            <AnnotationColumn
              key={v.annotation.id}
              n={i + 1}
              view={v}
              several={several}
              chosen={v.annotation.id === chosenId}
              onChoose={() => onChoose(v.annotation.id)}
              {...doc}
            />
          ),
        )}
      </div>
    </div>
  );
}

function AnnotationColumn({
  n,
  view,
  several,
  chosen,
  onChoose,
  ...doc
}: DocProps & {
  n: number;
  view: AnnotationView;
  several: boolean;
  chosen: boolean;
  onChoose: () => void;
}) {
  const a = view.annotation;
  const meta = (
    <span className="muted small">
      submitted {formatDateTime(a.submittedAt)}
      {a.leadTimeS !== null && <> · {formatSeconds(a.leadTimeS)}</>}
    </span>
  );
  return (
    <section
      className={`rv-column${chosen && several ? ' chosen' : ''}`}
      aria-label={`Annotation by ${a.by}`}
      data-annotator={a.by}
    >
      {several ? (
        <button type="button" className="rv-col-head" aria-pressed={chosen} onClick={onChoose}>
          <kbd>{n}</kbd>
          <strong>{a.by}</strong>
          {view.disputed > 0 ? (
            <span className="rv-count" title="Objects not shared by every other annotator">
              {view.disputed} ≠
            </span>
          ) : (
            <span className="rv-count ok">all shared</span>
          )}
          <span className="rv-choose">{chosen ? 'Chosen' : 'Choose'}</span>
          {meta}
        </button>
      ) : (
        <div className="rv-col-head static">
          <strong>{a.by}</strong>
          {meta}
        </div>
      )}
      <AnnotationDoc labels={a.labels} view={view} {...doc} />
      <Answers schema={doc.schema} view={view} labels={a.labels} />
      <ObjectList view={view} several={several} />
    </section>
  );
}

/** The item with one annotation's spans or shapes, read-only. */
export function AnnotationDoc({
  labels,
  view,
  schema,
  item,
  layout,
  map,
  colorOf,
  focus,
  onFocus,
}: DocProps & { labels: Labels; view: AnnotationView | null }) {
  const spans = useMemo(() => {
    if (!map) return [];
    const v: AnnotationView = view ?? {
      annotation: { id: 0, by: '', labels, version: 0, leadTimeS: null, submittedAt: '' },
      objects: [],
      disputed: 0,
      disputedTasks: new Set(),
    };
    return reviewSpans(schema, v, map, colorOf);
  }, [schema, view, labels, map, colorOf]);
  const by = view?.annotation.by;

  if (item.kind === 'image') {
    const { mediaId, width, height } = item.data;
    if (mediaId === undefined || !width || !height)
      return <p className="note error">This item has no stored image to show.</p>;
    return (
      <div className="rv-image">
        <Suspense fallback={<div className="skeleton rv-image-wait" />}>
          <ImageView
            src={mediaUrl(mediaId)}
            width={width}
            height={height}
            tasks={schema.tasks}
            value={labels}
          />
        </Suspense>
      </div>
    );
  }
  if (!layout || !schema.tasks.some((t) => t.type === 'spans')) {
    return (
      <div className="ann-doc rv-doc" dir="auto">
        {item.data.text}
      </div>
    );
  }
  return (
    <ReviewText
      text={item.data.text ?? ''}
      layout={layout}
      spans={spans}
      focus={focus}
      onFocus={onFocus}
      label={by ? `Text with ${by}'s spans` : 'Text with the spans'}
    />
  );
}

/** Choices and free-text answers, a disputed one marked. */
function Answers({ schema, view, labels }: { schema: LabelSchema; view: AnnotationView; labels: Labels }) {
  const tasks = schema.tasks.filter((t) => t.type === 'choices' || t.type === 'text');
  if (!tasks.length) return null;
  return (
    <dl className="rv-answers">
      {tasks.map((task) => {
        const disputed = view.disputedTasks.has(task.name);
        const value = labels[task.name];
        const chosen = view.objects.filter((o) => o.task === task.name);
        return (
          <div key={task.name} className={`rv-answer${disputed ? ' disputed' : ''}`} data-task={task.name}>
            <dt>
              {task.name}
              {disputed && <span className="rv-count">≠</span>}
            </dt>
            <dd className="rv-answer-value">
              {task.type === 'text' ? (
                typeof value === 'string' && value.trim() ? (
                  <span dir="auto" className="rv-free">
                    {value}
                  </span>
                ) : (
                  <span className="muted">no answer</span>
                )
              ) : chosen.length ? (
                chosen.map((o) => (
                  <span
                    key={o.index}
                    className={`rv-choice${o.missingFrom.length ? ' disputed' : ''}`}
                    title={o.missingFrom.length ? `not chosen by ${o.missingFrom.join(', ')}` : undefined}
                  >
                    {o.missingFrom.length > 0 && <span aria-hidden="true">≠ </span>}
                    {o.label}
                    {o.missingFrom.length > 0 && (
                      <span className="sr-only"> (not chosen by {o.missingFrom.join(', ')})</span>
                    )}
                  </span>
                ))
              ) : (
                <span className="muted">no answer</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Spans, shapes and points as a list: who else marked each one. The keyboard's way to them. */
function ObjectList({ view, several }: { view: AnnotationView; several: boolean }) {
  const objects = view.objects.filter((o) => o.type !== 'choices');
  if (!objects.length) return null;
  const open = several && view.disputed > 0 && objects.length <= 30;
  return (
    <details className="rv-objects" open={open}>
      <summary>
        {objects.length} {objects.length === 1 ? 'object' : 'objects'}
        {several && ` · ${objects.filter((o) => o.missingFrom.length).length} not shared`}
      </summary>
      <ul>
        {objects.map((o) => (
          <ObjectRow key={`${o.task}#${o.index}`} o={o} several={several} />
        ))}
      </ul>
    </details>
  );
}

function ObjectRow({ o, several }: { o: ObjectView; several: boolean }) {
  const disputed = o.missingFrom.length > 0;
  return (
    <li className={disputed ? 'disputed' : ''}>
      {several && (
        <span className="rv-mark" aria-hidden="true">
          {disputed ? '≠' : '='}
        </span>
      )}
      <span dir="auto">{o.text}</span>
      {several && (
        <span className="muted small">
          {disputed ? `not marked by ${o.missingFrom.join(', ')}` : 'marked by everyone'}
        </span>
      )}
    </li>
  );
}
