import {
  type CSSProperties,
  memo,
  type RefObject,
  startTransition,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { Span } from '../../shared/labels.ts';
import type { Editor } from './editor.ts';
import { spanKey } from './kinds/spans.ts';
import {
  buildParagraphs,
  type Chunk,
  type Paragraph,
  type Segment,
  type SpanView,
  type TextLayout,
} from './segments.ts';

/** Pixels between stacked underlines (annotate.css sizes .ann-p lines with the same step). */
const GAP = 5;

export interface TextViewProps {
  editor: Editor;
  layout: TextLayout;
  colorOf: (task: string, label: string) => string;
  rootRef: RefObject<HTMLDivElement | null>;
  frameRef: RefObject<HTMLDivElement | null>;
  caretRef: RefObject<HTMLDivElement | null>;
  caretMode: boolean;
  /** Mouse button released in the text: the screen reads the selection or treats it as a click. */
  onPointerUp: (e: React.MouseEvent, hit: { offset: number; tag?: string } | null) => void;
}

/**
 * The spans of every span task as drawn: UTF-16 offsets, colour, suggested or not. A span's view
 * is cached by the span object (spans are immutable), so a change computes only the new spans.
 */
function useSpanViews(editor: Editor, colorOf: TextViewProps['colorOf']): SpanView[] {
  const { labels, accepted } = useSyncExternalStore(editor.subscribe, editor.get);
  const cache = useRef({ accepted, views: new WeakMap<Span, SpanView>() });
  if (cache.current.accepted !== accepted) cache.current = { accepted, views: new WeakMap() };
  const spanTasks = editor.schema.tasks.filter((t) => t.type === 'spans').map((t) => t.name);
  const lists = spanTasks.map((t) => labels[t] as Span[] | undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the span lists are immutable; their identities are the dependency
  return useMemo(() => {
    const { map } = editor.doc;
    const { views } = cache.current;
    const out: SpanView[] = [];
    spanTasks.forEach((task, i) => {
      for (const s of lists[i] ?? []) {
        let v = views.get(s);
        if (!v) {
          v = {
            key: spanKey(task, s),
            task,
            label: s.label,
            color: colorOf(task, s.label),
            start: map.toUtf16(s.start),
            end: map.toUtf16(s.end),
            suggested: !accepted && editor.suggestions.span(task, s),
          };
          views.set(s, v);
        }
        out.push(v);
      }
    });
    return out;
  }, [...lists, accepted, editor, colorOf]);
}

/** Characters drawn before the first paint; the rest follows right after it. */
const FIRST_PAINT_CHARS = 12_000;

function firstPaintParagraphs(layout: TextLayout): number {
  let chars = 0;
  let i = 0;
  while (i < layout.paragraphs.length && chars < FIRST_PAINT_CHARS) {
    const p = layout.paragraphs[i++]!;
    chars += p.end - p.start + 1;
  }
  return i;
}

/**
 * The document with its spans, in the DOM (native selection, copy, fonts, right-to-left). Each
 * paragraph and each chunk of a long paragraph is memoised: adding a span re-renders the one chunk
 * it lands in, and selecting a span re-renders only the chunks that show it.
 */
export function TextView({
  editor,
  layout,
  colorOf,
  rootRef,
  frameRef,
  caretRef,
  caretMode,
  onPointerUp,
}: TextViewProps) {
  const views = useSpanViews(editor, colorOf);
  const selected = useSyncExternalStore(editor.subscribe, () => editor.get().selected);
  const prev = useRef<Paragraph[] | undefined>(undefined);
  const paragraphs = useMemo(() => {
    const out = buildParagraphs(layout, views, prev.current);
    prev.current = out;
    return out;
  }, [layout, views]);
  const text = editor.doc.text;

  // A long document opens fast: the first screens are drawn at once, the rest right after the
  // first paint, in an interruptible transition so keys pressed meanwhile are not held up.
  const [drawn, setDrawn] = useState(() => firstPaintParagraphs(layout));
  useEffect(() => {
    if (drawn >= layout.paragraphs.length) {
      performance.mark('gloss:item-complete');
      return;
    }
    let live = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (live) startTransition(() => setDrawn(layout.paragraphs.length));
      }, 0),
    );
    return () => {
      live = false;
    };
  }, [drawn, layout]);

  useEffect(() => {
    if (!selected) return;
    const ref = editor.findSpan(selected);
    if (!ref) return;
    const seg = rootRef.current?.querySelector(`[data-s="${editor.doc.map.toUtf16(ref.span.start)}"]`);
    seg?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected, editor, rootRef]);

  const onMouseUp = (e: React.MouseEvent) => {
    const el = e.target as HTMLElement;
    const tag = el.closest<HTMLElement>('[data-tag]');
    const seg = el.closest<HTMLElement>('[data-s]');
    const hit = tag
      ? { offset: Number(tag.dataset.at), tag: tag.dataset.tag }
      : seg
        ? { offset: Number(seg.dataset.s) }
        : null;
    onPointerUp(e, hit);
  };

  return (
    <div ref={frameRef} className={caretMode ? 'ann-docframe ann-caret-on' : 'ann-docframe'}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the text is labelled by selecting it; every mouse action has a key */}
      <div ref={rootRef} className="ann-doc" onMouseUp={onMouseUp} data-testid="document">
        {paragraphs.slice(0, drawn).map((p, i) => (
          <ParagraphView
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text never move
            key={i}
            p={p}
            text={text}
            selected={selected && p.chunks.some((c) => c.keys.has(selected)) ? selected : null}
          />
        ))}
      </div>
      <div ref={caretRef} className="ann-caret" hidden />
    </div>
  );
}

const ParagraphView = memo(function ParagraphView({
  p,
  text,
  selected,
}: {
  p: Paragraph;
  text: string;
  selected: string | null;
}) {
  const style = { '--lanes': p.lanes } as CSSProperties;
  return (
    <div className="ann-p" dir="auto" style={style}>
      {p.chunks.map((c) => (
        <ChunkView
          key={c.start}
          c={c}
          text={text}
          lanes={p.lanes}
          selected={selected && c.keys.has(selected) ? selected : null}
        />
      ))}
    </div>
  );
});

const ChunkView = memo(function ChunkView({
  c,
  text,
  lanes,
  selected,
}: {
  c: Chunk;
  text: string;
  lanes: number;
  selected: string | null;
}) {
  return (
    <span className="ann-chunk">
      {c.segments.map((seg) => (
        <SegmentView key={seg.start} seg={seg} text={text} lanes={lanes} selected={selected} />
      ))}
    </span>
  );
});

function SegmentView({
  seg,
  text,
  lanes,
  selected,
}: {
  seg: Segment;
  text: string;
  lanes: number;
  selected: string | null;
}) {
  const content = text.slice(seg.start, seg.end);
  if (!seg.spans.length) {
    return <span data-s={seg.start}>{content}</span>;
  }
  return (
    <>
      {/* A tag has its own dir: the paragraph's dir="auto" must be judged from the text, not a label name. */}
      {seg.starts.map((s) => (
        <span
          key={s.key}
          className={`ann-tag${s.suggested ? ' suggested' : ''}${s.key === selected ? ' selected' : ''}`}
          dir="auto"
          data-tag={s.key}
          data-at={s.start}
          style={tagStyle(s.color, s.suggested)}
          title={`${s.label} (${s.task})${s.suggested ? ' - suggested by the model' : ''}`}
        >
          {s.label}
        </span>
      ))}
      <span data-s={seg.start} className="ann-seg" style={segmentStyle(seg, lanes, selected)}>
        {content}
      </span>
    </>
  );
}

const light = new Map<string, boolean>();

/**
 * Whether white text on `color` is under 3:1 contrast (WCAG's relative luminance). The default
 * palette passes; a pale colour picked in the schema gets dark text on its tags instead.
 */
function isLight(color: string): boolean {
  let v = light.get(color);
  if (v === undefined) {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(color.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    v = 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) < 3;
    light.set(color, v);
  }
  return v;
}

function tagStyle(color: string, suggested: boolean): CSSProperties {
  const dark = isLight(color) ? 'var(--text)' : undefined;
  return suggested
    ? { color: dark ?? color, borderColor: color }
    : { background: color, borderColor: color, color: dark };
}

/**
 * One underline per covering span at its lane's depth (dashed while a suggestion), and a tint of
 * the innermost span, or a stronger one of the selected span, behind the text.
 */
function segmentStyle(seg: Segment, lanes: number, selected: string | null): CSSProperties {
  const layers: string[] = [];
  let inner = seg.spans[0]!;
  let sel: SpanView | undefined;
  for (const s of seg.spans) {
    const y = (lanes - 1 - s.lane) * GAP;
    const thick = s.key === selected ? 3 : 2;
    const img = s.suggested
      ? `repeating-linear-gradient(90deg, ${s.color} 0 5px, transparent 5px 8px)`
      : `linear-gradient(${s.color}, ${s.color})`;
    layers.push(`${img} left bottom ${y}px / 100% ${thick}px no-repeat`);
    if (s.end - s.start < inner.end - inner.start) inner = s;
    if (s.key === selected) sel = s;
  }
  const tint = sel ?? inner;
  const alpha = sel ? '40' : tint.suggested ? '12' : '1f';
  const fill = `${tint.color}${alpha}`;
  layers.push(`linear-gradient(${fill}, ${fill}) left top / 100% calc(100% - ${lanes * GAP}px) no-repeat`);
  return { background: layers.join(', '), paddingBottom: lanes * GAP };
}
