import {
  Suspense,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { Project } from '../../../shared/api.ts';
import type { LabelSchema } from '../../../shared/labelSchema.ts';
import type { Labels, Span } from '../../../shared/labels.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import type { ReviewWork } from '../../../shared/review/api.ts';
import type { Action, ActionState, Commands } from '../../annotate/actions.ts';
import { Caret } from '../../annotate/caret.ts';
import { ActionButton, HelpOverlay } from '../../annotate/controls.tsx';
import { clearSelection, offsetAt, selectedRange, showSelection } from '../../annotate/dom.ts';
import { Editor } from '../../annotate/editor.ts';
// The light entry: Konva loads only when an image item is corrected.
import { ImageEditor } from '../../annotate/image/index.ts';
import { coerceLabels } from '../../annotate/kinds/index.ts';
import { snapRange, spanFromSelection, spansKind } from '../../annotate/kinds/spans.ts';
import type { Doc } from '../../annotate/kinds/types.ts';
import { layoutText } from '../../annotate/segments.ts';
import { Suggestions } from '../../annotate/suggestions.ts';
import { Questions, SpanLabels } from '../../annotate/TaskPanel.tsx';
import { TextView } from '../../annotate/TextView.tsx';
import { useKeyboard } from '../../annotate/useKeyboard.ts';
import { mediaUrl } from '../../api/review.ts';
import { correctionActions } from './actions.ts';
import { type Offer, offers } from './diff.ts';

export interface CorrectionProps {
  project: Project;
  item: ReviewWork['item'];
  /** Whose annotation the correction starts from. */
  who: string;
  start: Labels;
  /** The other annotations, whose objects can be merged in. */
  others: readonly { by: string; labels: Labels }[];
  colorOf: (task: string, label: string) => string;
  onFinish: (labels: Labels) => void;
  onCancel: () => void;
}

/** Edits a copy of one annotation with the annotator's own tools; nothing is sent from here. */
export function Correction(props: CorrectionProps) {
  return props.item.kind === 'image' ? <ImageCorrection {...props} /> : <TextCorrection {...props} />;
}

/** Actions listed here have no place in a correction; they never reach these no-ops. */
const unused = () => undefined;

function TextCorrection({ project, item, who, start, others, colorOf, onFinish, onCancel }: CorrectionProps) {
  const schema = project.schema;
  const snapWords = project.settings.snapToWords;
  const [{ editor, layout }] = useState(() => {
    const text = item.data.text ?? '';
    const doc: Doc = { text, map: new OffsetMap(text) };
    return {
      editor: new Editor(schema, doc, coerceLabels(schema.tasks, start, doc), new Suggestions(schema, {})),
      layout: layoutText(text),
    };
  });
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const text = editor.doc.text;

  const rootRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const caretRef = useRef<HTMLDivElement>(null);
  const [caret] = useState(
    () =>
      new Caret(
        { root: () => rootRef.current, frame: () => frameRef.current, caret: () => caretRef.current },
        layout,
        text,
      ),
  );
  const [caretMode, setCaretMode] = useState(false);
  const [selText, setSelText] = useState('');
  const [help, setHelp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const actions = useMemo(() => correctionActions(schema), [schema]);

  useLayoutEffect(() => {
    if (state.labels && caret.active) caret.render();
  }, [state.labels, caret]);

  const root = () => rootRef.current;
  const currentRange = () => {
    const r = root();
    return r ? selectedRange(r, text.length) : null;
  };
  const excerpt = (a: number, b: number) => {
    const s = text.slice(a, b);
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  };
  const setCaret = (on: boolean) => {
    setCaretMode(on);
    if (!on) {
      caret.leave();
      setSelText('');
    }
  };

  const commands: Commands = {
    submit: () => {
      if (!help) onFinish(editor.get().labels);
    },
    skip: unused,
    saveNow: unused,
    acceptSuggestions: unused,
    previousItem: unused,
    nextItem: unused,
    toggleGuidelines: unused,
    undo: () => editor.undo(),
    redo: () => editor.redo(),
    deleteSpan: () => editor.deleteSelected(),
    cycleSpan: (dir) => {
      clearSelection();
      setSelText('');
      editor.cycle(dir, caret.active ? editor.doc.map.toCodePoint(caret.focus) : undefined);
      const sel = editor.get().selected && editor.findSpan(editor.get().selected!);
      if (sel && caret.active) caret.collapse(editor.doc.map.toUtf16(sel.span.start));
    },
    toggleCaret: () => {
      if (caret.active) {
        setCaret(false);
        clearSelection();
        return;
      }
      const sel = editor.get().selected && editor.findSpan(editor.get().selected!);
      caret.enter(currentRange(), sel ? editor.doc.map.toUtf16(sel.span.start) : 0);
      setCaret(true);
    },
    moveCaret: (move, extend) => {
      editor.select(null);
      caret.move(move, extend);
      const r = caret.range();
      setSelText(r ? excerpt(r.start, r.end) : '');
    },
    escape: () => {
      const active = document.activeElement as HTMLElement | null;
      if (help) setHelp(false);
      else if (active?.matches('input, textarea')) active.blur();
      else if (caret.active) {
        setCaret(false);
        clearSelection();
      } else if (currentRange()) {
        clearSelection();
        setSelText('');
      } else if (editor.get().selected) editor.select(null);
      else setMessage(null);
    },
    toggleHelp: () => setHelp((h) => !h),
    label: (taskName, value) => {
      const task = editor.task(taskName);
      if (!task) return;
      setMessage(null);
      if (task.type === 'choices') {
        editor.toggleChoice(task, value);
        return;
      }
      if (task.type !== 'spans') return;
      const range = currentRange();
      if (range) {
        const span = spanFromSelection(editor.doc, range.start, range.end, value, snapWords);
        if (!span) {
          setMessage('The selection is only spaces: select some text to label.');
          return;
        }
        editor.addSpan(taskName, span);
        clearSelection();
        setSelText('');
        if (caret.active) caret.collapse(editor.doc.map.toUtf16(span.end));
        return;
      }
      if (editor.get().selected) {
        editor.relabelSelected(taskName, value);
        return;
      }
      setMessage('Select some text first, or click a span to change its label.');
    },
  };

  const actionState = (): ActionState => ({
    caret: caret.active,
    spanSelected: editor.get().selected !== null,
    hasSpans: editor.allSpans().length > 0,
    suggestions: false,
    overlay: help,
  });
  useKeyboard(actions, actionState, commands);

  const onPointerUp = (_e: React.MouseEvent, hit: { offset: number; tag?: string } | null) => {
    const r = root();
    if (!r) return;
    const range = currentRange();
    if (range) {
      const snapped = snapRange(editor.doc, range.start, range.end, snapWords);
      editor.select(null);
      if (!snapped) {
        clearSelection();
        setSelText('');
        return;
      }
      if (snapped[0] !== range.start || snapped[1] !== range.end)
        showSelection(r, layout, snapped[0], snapped[1]);
      caret.set(snapped[0], snapped[1]);
      setSelText(excerpt(snapped[0], snapped[1]));
      return;
    }
    setSelText('');
    const sel = window.getSelection();
    if (caret.active && sel?.focusNode)
      caret.collapse(offsetAt(r, sel.focusNode, sel.focusOffset, 'start', text.length));
    if (!hit) {
      editor.select(null);
      return;
    }
    if (hit.tag) {
      editor.select(hit.tag);
      return;
    }
    const covering = editor
      .allSpans()
      .filter(
        (s) =>
          editor.doc.map.toUtf16(s.span.start) <= hit.offset &&
          hit.offset < editor.doc.map.toUtf16(s.span.end),
      )
      .sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
    if (!covering.length) {
      editor.select(null);
      return;
    }
    const at = covering.findIndex((s) => s.key === state.selected);
    editor.select(covering[(at + 1) % covering.length]!.key);
  };

  const merge = useCallback(
    (o: Offer) => {
      const task = editor.task(o.task);
      if (!task) return;
      if (task.type === 'spans') {
        const span = spansKind.coerce([o.value], task, editor.doc)?.[0] as Span | undefined;
        if (span) editor.addSpan(o.task, span);
      } else {
        editor.setTask(o.task, [...((editor.get().labels[o.task] as unknown[] | undefined) ?? []), o.value]);
      }
    },
    [editor],
  );

  const selected = state.selected ? editor.findSpan(state.selected) : undefined;
  const hint = message ? (
    message
  ) : caretMode ? (
    <>Caret mode: arrows move, Shift+arrows select, a label key labels, Esc leaves.</>
  ) : selText ? (
    <>
      Selected <q dir="auto">{selText}</q>: press a label key or click a label.
    </>
  ) : selected ? (
    <>
      Span <strong>{selected.span.label}</strong> <q dir="auto">{selected.span.text}</q>: a label key changes
      it, Delete removes it.
    </>
  ) : (
    <>Select text and press a label key; click a span to change or delete it. ?: all keys.</>
  );

  return (
    <div className="rv-correct" data-testid="correction">
      <CorrectionBar
        who={who}
        actions={actions}
        commands={commands}
        canUndo={state.canUndo}
        canRedo={state.canRedo}
        onCancel={onCancel}
      />
      <SpanLabels editor={editor} commands={commands} missing={[]} colorOf={colorOf} />
      <div className="ann-status" role="status">
        <span className={message ? '' : 'muted'}>{hint}</span>
      </div>
      <div className="rv-correct-body">
        <div className="rv-correct-main">
          <TextView
            editor={editor}
            layout={layout}
            colorOf={colorOf}
            rootRef={rootRef}
            frameRef={frameRef}
            caretRef={caretRef}
            caretMode={caretMode}
            onPointerUp={onPointerUp}
          />
        </div>
        <div className="rv-correct-side">
          <Questions editor={editor} commands={commands} missing={[]} colorOf={colorOf} />
          <MergePanel schema={schema} labels={state.labels} others={others} onMerge={merge} />
        </div>
      </div>
      {help && <HelpOverlay actions={actions} onClose={() => setHelp(false)} />}
    </div>
  );
}

function ImageCorrection({ project, item, who, start, others, onFinish, onCancel }: CorrectionProps) {
  const schema = project.schema;
  const [editor] = useState(
    () => new Editor(schema, { text: '', map: new OffsetMap('') }, start, new Suggestions(schema, {})),
  );
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const [help, setHelp] = useState(false);
  const actions = useMemo(() => correctionActions(schema, true), [schema]);
  const commands: Commands = {
    submit: () => {
      if (!help) onFinish(editor.get().labels);
    },
    skip: unused,
    saveNow: unused,
    acceptSuggestions: unused,
    previousItem: unused,
    nextItem: unused,
    toggleGuidelines: unused,
    deleteSpan: unused,
    cycleSpan: unused,
    toggleCaret: unused,
    moveCaret: unused,
    undo: () => editor.undo(),
    redo: () => editor.redo(),
    escape: () => setHelp(false),
    toggleHelp: () => setHelp((h) => !h),
    label: (taskName, value) => {
      const task = editor.task(taskName);
      if (task?.type === 'choices') editor.toggleChoice(task, value);
    },
  };
  useKeyboard(
    actions,
    () => ({ caret: false, spanSelected: false, hasSpans: false, suggestions: false, overlay: help }),
    commands,
  );
  const merge = useCallback(
    (o: Offer) =>
      editor.setTask(o.task, [...((editor.get().labels[o.task] as unknown[] | undefined) ?? []), o.value]),
    [editor],
  );
  const { mediaId, width, height } = item.data;

  return (
    <div className="rv-correct" data-testid="correction">
      <CorrectionBar
        who={who}
        actions={actions}
        commands={commands}
        canUndo={state.canUndo}
        canRedo={state.canRedo}
        onCancel={onCancel}
      />
      <div className="rv-correct-body">
        <div className="rv-correct-main rv-image">
          {mediaId === undefined || !width || !height ? (
            <p className="note error">This item has no stored image to draw on.</p>
          ) : (
            <Suspense fallback={<div className="skeleton rv-image-wait" />}>
              <ImageEditor
                src={mediaUrl(mediaId)}
                width={width}
                height={height}
                tasks={schema.tasks}
                value={state.labels}
                onChange={(next) => editor.change(next)}
              />
            </Suspense>
          )}
        </div>
        <div className="rv-correct-side">
          <Questions editor={editor} commands={commands} missing={[]} colorOf={() => '#6b7280'} />
          <MergePanel schema={schema} labels={state.labels} others={others} onMerge={merge} />
        </div>
      </div>
      {help && <HelpOverlay actions={actions} onClose={() => setHelp(false)} />}
    </div>
  );
}

function CorrectionBar({
  who,
  actions,
  commands,
  canUndo,
  canRedo,
  onCancel,
}: {
  who: string;
  actions: readonly Action[];
  commands: Commands;
  canUndo: boolean;
  canRedo: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="rv-correct-bar">
      <strong>Correcting {who}'s annotation</strong>
      <span className="muted small">a copy: the original is kept</span>
      <div className="ann-buttons">
        <ActionButton
          actions={actions}
          id="undo"
          commands={commands}
          className="btn small ghost"
          disabled={!canUndo}
        >
          Undo
        </ActionButton>
        <ActionButton
          actions={actions}
          id="redo"
          commands={commands}
          className="btn small ghost"
          disabled={!canRedo}
        >
          Redo
        </ActionButton>
        <ActionButton actions={actions} id="help" commands={commands} className="btn small ghost">
          Keys
        </ActionButton>
        <button type="button" className="btn small" onClick={onCancel}>
          Cancel correction
        </button>
        <ActionButton actions={actions} id="submit" commands={commands} className="btn small primary">
          Show the difference
        </ActionButton>
      </div>
    </div>
  );
}

/** Merging: what the other annotators marked that the correction lacks, one click to take it. */
function MergePanel({
  schema,
  labels,
  others,
  onMerge,
}: {
  schema: LabelSchema;
  labels: Labels;
  others: readonly { by: string; labels: Labels }[];
  onMerge: (o: Offer) => void;
}) {
  const list = useMemo(() => offers(schema, labels, others), [schema, labels, others]);
  if (!others.length) return null;
  return (
    <section className="ann-task rv-merge" aria-label="From the other annotators">
      <div className="ann-task-head">
        <h3>From the other annotators</h3>
        <span className="muted small">
          {list.length ? 'take what they marked and this one lacks' : 'nothing they marked is missing here'}
        </span>
      </div>
      {list.length > 0 && (
        <ul className="rv-offers">
          {list.map((o) => (
            <li key={`${o.task}:${o.text}`}>
              <button type="button" className="btn small ghost" onClick={() => onMerge(o)}>
                + <span dir="auto">{o.text}</span>
              </button>
              <span className="muted small">{o.by.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
