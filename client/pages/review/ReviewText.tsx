import { type CSSProperties, memo, useMemo } from 'react';
import { buildParagraphs, type Paragraph, type Segment, type TextLayout } from '../../annotate/segments.ts';
import type { ReviewSpan } from './model.ts';

/** Pixels between stacked underlines, as in the editor's TextView. */
const GAP = 4;

/**
 * One annotation's spans over the text, read-only, laid out by the editor's own segment builder
 * (client/annotate/segments.ts) and drawn with its classes, so the reviewer sees what the
 * annotator saw. A span not shared by every other annotator is drawn dashed with a ≠ on its tag.
 * Clicking a span focuses it in every column; the same span elsewhere gets the same outline.
 */
export function ReviewText({
  text,
  layout,
  spans,
  focus,
  onFocus,
  label,
}: {
  text: string;
  layout: TextLayout;
  spans: readonly ReviewSpan[];
  focus: string | null;
  onFocus: (key: string | null) => void;
  label: string;
}) {
  const paragraphs = useMemo(() => buildParagraphs(layout, spans), [layout, spans]);
  const byKey = useMemo(() => new Map(spans.map((s) => [s.key, s])), [spans]);

  const onClick = (e: React.MouseEvent) => {
    if (window.getSelection()?.isCollapsed === false) return;
    const el = e.target as HTMLElement;
    const tag = el.closest<HTMLElement>('[data-tag]')?.dataset.tag;
    if (tag) {
      onFocus(tag === focus ? null : tag);
      return;
    }
    const at = Number(el.closest<HTMLElement>('[data-s]')?.dataset.s ?? Number.NaN);
    const inner = spans
      .filter((s) => s.start <= at && at < s.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    onFocus(inner ? inner.key : null);
  };

  return (
    <div className="ann-docframe rv-docframe">
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the same spans are listed, with their agreement, below the text */}
      <div className="ann-doc rv-doc" aria-label={label} role="document" onClick={onClick}>
        {paragraphs.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text never move
          <ParagraphView key={i} p={p} text={text} focus={focus} byKey={byKey} />
        ))}
      </div>
    </div>
  );
}

const ParagraphView = memo(function ParagraphView({
  p,
  text,
  focus,
  byKey,
}: {
  p: Paragraph;
  text: string;
  focus: string | null;
  byKey: ReadonlyMap<string, ReviewSpan>;
}) {
  const style = { '--lanes': p.lanes } as CSSProperties;
  return (
    <div className="ann-p" dir="auto" style={style}>
      {p.chunks.map((c) =>
        c.segments.map((seg) => (
          <SegmentView key={seg.start} seg={seg} text={text} lanes={p.lanes} focus={focus} byKey={byKey} />
        )),
      )}
    </div>
  );
});

function SegmentView({
  seg,
  text,
  lanes,
  focus,
  byKey,
}: {
  seg: Segment;
  text: string;
  lanes: number;
  focus: string | null;
  byKey: ReadonlyMap<string, ReviewSpan>;
}) {
  const content = text.slice(seg.start, seg.end);
  if (!seg.spans.length) return <span data-s={seg.start}>{content}</span>;
  return (
    <>
      {seg.starts.map((s) => {
        const view = byKey.get(s.key);
        const disputed = view?.disputed ?? false;
        return (
          <span
            key={s.key}
            className={`ann-tag${disputed ? ' rv-disputed' : ''}${s.key === focus ? ' selected' : ''}`}
            dir="auto"
            data-tag={s.key}
            data-disputed={disputed || undefined}
            style={
              disputed
                ? { color: s.color, borderColor: s.color }
                : { background: s.color, borderColor: s.color }
            }
            title={view?.note}
          >
            {disputed && <span aria-hidden="true">≠ </span>}
            {s.label}
          </span>
        );
      })}
      <span data-s={seg.start} className="ann-seg" style={segmentStyle(seg, lanes, focus, byKey)}>
        {content}
      </span>
    </>
  );
}

/** The editor's underline-per-lane drawing; a disputed span's underline is dashed. */
function segmentStyle(
  seg: Segment,
  lanes: number,
  focus: string | null,
  byKey: ReadonlyMap<string, ReviewSpan>,
): CSSProperties {
  const layers: string[] = [];
  let inner = seg.spans[0]!;
  let sel: (typeof seg.spans)[number] | undefined;
  for (const s of seg.spans) {
    const y = (lanes - 1 - s.lane) * GAP;
    const thick = s.key === focus ? 3 : 2;
    const img = byKey.get(s.key)?.disputed
      ? `repeating-linear-gradient(90deg, ${s.color} 0 5px, transparent 5px 8px)`
      : `linear-gradient(${s.color}, ${s.color})`;
    layers.push(`${img} left bottom ${y}px / 100% ${thick}px no-repeat`);
    if (s.end - s.start < inner.end - inner.start) inner = s;
    if (s.key === focus) sel = s;
  }
  const tint = sel ?? inner;
  const fill = `${tint.color}${sel ? '40' : '1f'}`;
  layers.push(`linear-gradient(${fill}, ${fill}) left top / 100% calc(100% - ${lanes * GAP}px) no-repeat`);
  return { background: layers.join(', '), paddingBottom: lanes * GAP };
}
