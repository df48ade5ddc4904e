import { Suspense, useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { Project } from '../../../shared/api.ts';
import type { LabelSchema } from '../../../shared/labelSchema.ts';
import type { Labels, Span } from '../../../shared/labels.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import type { ReviewWork } from '../../../shared/review/api.ts';
import type { Action, ActionState, Commands } from '../../annotate/actions.ts';
import { ActionButton, focusNextTextField, HelpOverlay, UndoRedoKeys } from '../../annotate/controls.tsx';
import { Editor } from '../../annotate/editor.ts';
// The light entry: Konva loads only when an image item is corrected.
import { ImageEditor, ImageHelp } from '../../annotate/image/index.ts';
import { coerceLabels } from '../../annotate/kinds/index.ts';
import { spansKind } from '../../annotate/kinds/spans.ts';
import type { Doc } from '../../annotate/kinds/types.ts';
import { layoutText } from '../../annotate/segments.ts';
import { Suggestions } from '../../annotate/suggestions.ts';
import { Questions, SpanLabels } from '../../annotate/TaskPanel.tsx';
import { TextView } from '../../annotate/TextView.tsx';
import { useKeyboard } from '../../annotate/useKeyboard.ts';
import { useSpanEditing } from '../../annotate/useSpanEditing.ts';
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
  /**
   * Where the correction's buttons go: the review head's decisions slot, so the head keeps its
   * shape (and the page does not move) when a correction starts or ends.
   */
  actionsSlot: HTMLElement | null;
  /**
   * The review page's side column (earlier decisions, guidelines), shown under the correction's
   * own panels: beside an image one side column is all the canvas can spare.
   */
  aside?: React.ReactNode;
}

/** Edits a copy of one annotation with the annotator's own tools; nothing is sent from here. */
export function Correction(props: CorrectionProps) {
  return props.item.kind === 'image' ? <ImageCorrection {...props} /> : <TextCorrection {...props} />;
}

/** Actions listed here have no place in a correction; they never reach these no-ops. */
const unused = () => undefined;

function TextCorrection({
  project,
  item,
  who,
  start,
  others,
  colorOf,
  onFinish,
  onCancel,
  actionsSlot,
}: CorrectionProps) {
  const schema = project.schema;
  const [{ editor, layout }] = useState(() => {
    const text = item.data.text ?? '';
    const doc: Doc = { text, map: new OffsetMap(text) };
    return {
      editor: new Editor(schema, doc, coerceLabels(schema.tasks, start, doc), new Suggestions(schema, {})),
      layout: layoutText(text),
    };
  });
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const spans = useSpanEditing(editor, layout, project.settings.snapToWords, () => 0);
  const { caret, caretMode, selText } = spans;
  const rootRef = useRef<HTMLDivElement>(null);
  const [help, setHelp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const actions = useMemo(() => correctionActions(schema), [schema]);

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
    ...spans.commands,
    escape: () => {
      const active = document.activeElement as HTMLElement | null;
      if (help) setHelp(false);
      else if (active?.matches('input, textarea')) active.blur();
      else if (!spans.dismiss()) setMessage(null);
    },
    toggleHelp: () => setHelp((h) => !h),
    focusText: () => focusNextTextField(rootRef.current),
    label: (taskName, value) => {
      const task = editor.task(taskName);
      if (!task) return;
      setMessage(null);
      if (task.type === 'choices') {
        editor.toggleChoice(task, value);
        return;
      }
      if (task.type !== 'spans') return;
      const done = spans.label(taskName, value);
      if (done === 'only-spaces') setMessage('The selection is only spaces: select some text to label.');
      else if (done === 'nothing-selected')
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
    <div className="rv-correct" data-testid="correction" ref={rootRef}>
      <CorrectionBar
        who={who}
        actions={actions}
        commands={commands}
        canUndo={state.canUndo}
        canRedo={state.canRedo}
        onCancel={onCancel}
        slot={actionsSlot}
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
            rootRef={spans.rootRef}
            frameRef={spans.frameRef}
            caretRef={spans.caretRef}
            caretMode={caretMode}
            onPointerUp={spans.onPointerUp}
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

function ImageCorrection({
  project,
  item,
  who,
  start,
  others,
  onFinish,
  onCancel,
  actionsSlot,
  aside,
}: CorrectionProps) {
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
    <div className="rv-correct rv-correct-image" data-testid="correction">
      <CorrectionBar
        who={who}
        actions={actions}
        commands={commands}
        canUndo={state.canUndo}
        canRedo={state.canRedo}
        onCancel={onCancel}
        slot={actionsSlot}
      />
      <div className="rv-correct-body">
        <div className="rv-correct-main">
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
          {aside}
        </div>
      </div>
      {help && <ImageHelp actions={actions} onClose={() => setHelp(false)} />}
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
  slot,
}: {
  who: string;
  actions: readonly Action[];
  commands: Commands;
  canUndo: boolean;
  canRedo: boolean;
  onCancel: () => void;
  slot: HTMLElement | null;
}) {
  return (
    <div className="rv-correct-bar">
      <strong>Correcting {who}'s annotation</strong>
      <span className="muted small">a copy: the original is kept</span>
      {slot &&
        createPortal(
          <>
            <UndoRedoKeys actions={actions} commands={commands} canUndo={canUndo} canRedo={canRedo} />
            <button type="button" className="btn small" onClick={onCancel}>
              Cancel correction
            </button>
            <ActionButton actions={actions} id="submit" commands={commands} className="btn small primary">
              Show the difference
            </ActionButton>
          </>,
          slot,
        )}
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
