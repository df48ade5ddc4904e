import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { PALETTE } from '../../../shared/labelSchema.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import { type ActionState, annotatorActions, type Commands } from '../../annotate/actions.ts';
import { ActionButton, focusNextTextField, HelpOverlay, SkipDialog } from '../../annotate/controls.tsx';
import { Editor } from '../../annotate/editor.ts';
import { ItemHeader, ItemSide } from '../../annotate/ItemHeader.tsx';
import { layoutText } from '../../annotate/segments.ts';
import { acceptSuggestions, startingLabels } from '../../annotate/session.ts';
import { SpanLabels } from '../../annotate/TaskPanel.tsx';
import { TextView } from '../../annotate/TextView.tsx';
import { type ItemScreenProps, useItemSession } from '../../annotate/useItemSession.ts';
import { useKeyboard } from '../../annotate/useKeyboard.ts';
import { useSpanEditing } from '../../annotate/useSpanEditing.ts';

/** The annotator's screen for one text item; the page mounts a new one for every item. */
export function AnnotatorScreen(props: ItemScreenProps) {
  const { project, item } = props;
  const schema = project.schema;

  const [{ editor, layout, from }] = useState(() => {
    const text = item.data.text ?? '';
    const doc = { text, map: new OffsetMap(text) };
    const start = startingLabels(schema, doc, item);
    return {
      editor: new Editor(schema, doc, start.labels, start.suggestions, start.accepted),
      layout: layoutText(text),
      from: start.from,
    };
  });
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const session = useItemSession(props, editor, from);
  const { overlay, setOverlay, setMessage } = session;
  const spans = useSpanEditing(editor, layout, project.settings.snapToWords, () => {
    // Caret mode starts at the first paragraph on screen.
    const r = spans.rootRef.current;
    if (!r) return 0;
    const paras = Array.from(r.children);
    const i = paras.findIndex((p) => p.getBoundingClientRect().bottom > 120);
    return i === -1 ? 0 : (layout.paragraphs[i]?.start ?? 0);
  });
  const { caret, caretMode, selText } = spans;

  const colors = useMemo(() => {
    const m = new Map<string, string>();
    let i = 0;
    for (const t of schema.tasks) {
      if (t.type === 'text') continue;
      for (const l of t.labels) m.set(`${t.name}:${l.value}`, l.color ?? PALETTE[i++ % PALETTE.length]!);
    }
    return m;
  }, [schema]);
  const colorOf = useCallback(
    (task: string, label: string) => colors.get(`${task}:${label}`) ?? '#6b7280',
    [colors],
  );
  const actions = useMemo(() => annotatorActions(schema), [schema]);

  // For the text benchmark (bench/text.ts): when the item is on screen.
  useEffect(() => {
    requestAnimationFrame(() => setTimeout(() => performance.mark('gloss:item-rendered'), 0));
  }, []);

  const commands: Commands = {
    ...session.commands,
    ...spans.commands,
    escape: () => session.onEscape(spans.dismiss),
    focusText: () => focusNextTextField(session.screenRef.current),
    acceptSuggestions: () => {
      editor.accept();
      acceptSuggestions(item.id);
      setMessage({ kind: 'info', text: 'Suggestions accepted: they are now your labels.' });
    },
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
      if (done === 'only-spaces')
        setMessage({ kind: 'info', text: 'The selection is only spaces: select some text to label.' });
      else if (done === 'nothing-selected')
        setMessage({
          kind: 'info',
          text: 'Select some text first: drag over it, or press Enter for caret mode and extend with Shift+arrows.',
        });
    },
  };

  const actionState = (): ActionState => {
    const s = editor.get();
    return {
      caret: caret.active,
      spanSelected: s.selected !== null,
      hasSpans: editor.hasSpans(),
      suggestions: editor.suggestionsLeft(),
      overlay: overlay !== null,
    };
  };
  useKeyboard(actions, actionState, commands);

  const selected = state.selected ? editor.findSpan(state.selected) : undefined;
  const suggestionsLeft = editor.suggestionsLeft();
  const model = item.predictions[0]?.model;

  // In the label bar when there is one: accepting the suggestions then leaves the text where it is.
  const hasSpanTasks = schema.tasks.some((t) => t.type === 'spans');
  const suggestNote = (
    <>
      <span className="ann-suggested-badge">suggested</span> Dashed labels are from{' '}
      {model ? <strong>{model}</strong> : 'a model'}: edit them, or{' '}
      <ActionButton actions={actions} id="accept" commands={commands} className="linklike" showKey>
        accept them all
      </ActionButton>
    </>
  );

  let hint: React.ReactNode;
  if (caretMode) {
    hint = selText ? (
      <>
        Selected <q dir="auto">{selText}</q>: press a label key. Shift+arrows extend, Esc leaves caret mode.
      </>
    ) : (
      <>Caret mode: arrows move, Shift+arrows select (Ctrl for words), a label key labels, Esc leaves.</>
    );
  } else if (selText) {
    hint = (
      <>
        Selected <q dir="auto">{selText}</q>: press a label key or click a label.
      </>
    );
  } else if (selected) {
    hint = (
      <>
        Span <strong>{selected.span.label}</strong> <q dir="auto">{selected.span.text}</q>: a label key
        changes it, Delete removes it, Tab goes to the next.
      </>
    );
  } else {
    hint = <>Select text and press a label key. Enter: caret mode. Tab: walk the spans. ?: all shortcuts.</>;
  }

  return (
    <div className="ann" data-item={item.id} ref={session.screenRef}>
      <ItemHeader
        screen={props}
        headRef={session.headRef}
        actions={actions}
        commands={commands}
        canUndo={state.canUndo}
        canRedo={state.canRedo}
        save={session.save}
        busy={session.busy}
        message={session.message}
        hint={hint}
      >
        {suggestionsLeft && !hasSpanTasks && <div className="ann-banner ann-suggest-note">{suggestNote}</div>}
        <SpanLabels
          editor={editor}
          commands={commands}
          missing={session.missing}
          colorOf={colorOf}
          aside={suggestionsLeft && <div className="ann-suggest-note">{suggestNote}</div>}
        />
      </ItemHeader>

      <div className={`ann-body${props.infoOpen ? '' : ' no-info'}`}>
        <div className="ann-main">
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
        <ItemSide
          screen={props}
          editor={editor}
          commands={commands}
          missing={session.missing}
          colorOf={colorOf}
        />
      </div>

      {overlay === 'help' && <HelpOverlay actions={actions} onClose={() => setOverlay(null)} />}
      {overlay === 'skip' && (
        <SkipDialog onSkip={(r) => void session.finishSkip(r)} onCancel={() => setOverlay(null)} />
      )}
    </div>
  );
}
