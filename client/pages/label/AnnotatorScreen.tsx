import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { Link } from 'react-router';
import type { WorkItem } from '../../../shared/annotate.ts';
import type { Project } from '../../../shared/api.ts';
import { PALETTE } from '../../../shared/labelSchema.ts';
import { missingRequired } from '../../../shared/labels.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import { type ActionState, annotatorActions, type Commands } from '../../annotate/actions.ts';
import { skipItem, submitAnnotation } from '../../annotate/api.ts';
import { Autosaver, type SaveState } from '../../annotate/autosave.ts';
import { Caret } from '../../annotate/caret.ts';
import { ActionButton, HelpOverlay, SaveIndicator, SkipDialog } from '../../annotate/controls.tsx';
import { clearSelection, offsetAt, selectedRange, showSelection } from '../../annotate/dom.ts';
import { Editor } from '../../annotate/editor.ts';
import { type HistoryEntry, InfoPanel, type MyStats, StatsLine } from '../../annotate/InfoPanel.tsx';
import { snapRange, spanFromSelection } from '../../annotate/kinds/spans.ts';
import { RejectionBanner } from '../../annotate/RejectionBanner.tsx';
import { layoutText } from '../../annotate/segments.ts';
import { acceptSuggestions, forgetItem, leadTimeSeconds, startingLabels } from '../../annotate/session.ts';
import { Questions, SpanLabels } from '../../annotate/TaskPanel.tsx';
import { TextView } from '../../annotate/TextView.tsx';
import { useKeyboard } from '../../annotate/useKeyboard.ts';
import { ApiError } from '../../api/http.ts';

export interface Navigation {
  /** Older item in my history, if any. */
  previous: number | null;
  /** Newer item in my history, or 'queue' to go back to the item the queue gave me. */
  next: number | 'queue' | null;
}

interface Props {
  project: Project;
  item: WorkItem;
  mode: 'queue' | 'history';
  history: readonly HistoryEntry[];
  stats: MyStats | null;
  navigation: Navigation;
  infoOpen: boolean;
  onToggleInfo: () => void;
  /** The item was submitted or skipped: show the next one. */
  onDone: (how: 'submitted' | 'skipped') => void;
  /** Open an item of my history, or go back to the queue (null). */
  onOpen: (itemId: number | null) => void;
  /** Load this item again from the server (after a stale submit). */
  onReload: () => void;
}

/** A server message as a sentence: capital first letter, full stop at the end. */
function sentence(s: string): string {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

type Message = { kind: 'error' | 'info'; text: string; action?: { label: string; run: () => void } };

/** The annotator's screen for one text item; the page mounts a new one for every item. */
export function AnnotatorScreen(props: Props) {
  const { project, item, mode } = props;
  const schema = project.schema;
  const snapWords = project.settings.snapToWords;

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
  const text = editor.doc.text;

  const screenRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
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
  const [overlay, setOverlay] = useState<'help' | 'skip' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: 'clean' });
  const [saver] = useState(() => new Autosaver(item.id, setSave));

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

  // Autosave every change; a restored local draft goes to the server at once.
  useEffect(() => {
    saver.attach();
    if (from === 'local') saver.changed(editor.get().labels);
    let rev = editor.get().rev;
    const off = editor.subscribe(() => {
      const s = editor.get();
      if (s.rev === rev) return;
      rev = s.rev;
      saver.changed(s.labels);
      setMissing((m) => (m.length ? missingRequired(schema, s.labels).filter((t) => m.includes(t)) : m));
    });
    const hide = () => {
      if (document.visibilityState === 'hidden') saver.flushOnHide();
    };
    const leave = () => saver.flushOnHide();
    document.addEventListener('visibilitychange', hide);
    window.addEventListener('pagehide', leave);
    return () => {
      off();
      document.removeEventListener('visibilitychange', hide);
      window.removeEventListener('pagehide', leave);
      saver.detach();
    };
  }, [editor, saver, schema, from]);

  // The caret is drawn from the DOM: after the spans around it re-render, draw it again.
  useLayoutEffect(() => {
    if (state.labels && caret.active) caret.render();
  }, [state.labels, caret]);

  // The side column sticks below the head, whose height changes with its labels and messages.
  useLayoutEffect(() => {
    const head = headRef.current;
    const screen = screenRef.current;
    if (!head || !screen) return;
    const ro = new ResizeObserver(() => screen.style.setProperty('--ann-head', `${head.offsetHeight}px`));
    ro.observe(head);
    return () => ro.disconnect();
  }, []);

  // For the text benchmark (bench/text.ts): when the item is on screen.
  useEffect(() => {
    requestAnimationFrame(() => setTimeout(() => performance.mark('gloss:item-rendered'), 0));
  }, []);

  const root = () => rootRef.current;
  const currentRange = () => {
    const r = root();
    return r ? selectedRange(r, text.length) : null;
  };
  const excerpt = (start: number, end: number) => {
    const s = text.slice(start, end);
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  };

  const setCaret = (on: boolean) => {
    setCaretMode(on);
    if (!on) {
      caret.leave();
      setSelText('');
    }
  };

  const firstVisibleOffset = () => {
    const r = root();
    if (!r) return 0;
    const paras = Array.from(r.children);
    const i = paras.findIndex((p) => p.getBoundingClientRect().bottom > 120);
    return i === -1 ? 0 : (layout.paragraphs[i]?.start ?? 0);
  };

  const finishSubmit = async () => {
    const labels = editor.get().labels;
    const absent = missingRequired(schema, labels);
    if (absent.length) {
      setMissing(absent);
      setMessage({
        kind: 'error',
        text: `Answer the required ${absent.length > 1 ? 'tasks' : 'task'} before submitting: ${absent.join(', ')}.`,
      });
      return;
    }
    setBusy(true);
    setMessage(null);
    await saver.settle();
    try {
      await submitAnnotation(item.id, {
        labels,
        lead_time_s: leadTimeSeconds(item.id),
        ...(item.annotation ? { version: item.annotation.version } : {}),
      });
    } catch (e) {
      setBusy(false);
      saver.changed(labels);
      const err = e instanceof ApiError ? e : null;
      if (err?.status === 409) {
        setMessage({
          kind: 'error',
          text: `${sentence(err.message)} Your edits were not saved over the newer version.`,
          action: {
            label: 'Reload the latest version',
            run: () => {
              saver.discard();
              props.onReload();
            },
          },
        });
      } else if (err?.status === 0) {
        setMessage({
          kind: 'error',
          text: 'The server cannot be reached. Your work is kept in this browser; submit again when it is back.',
        });
      } else {
        setMessage({ kind: 'error', text: `Not submitted: ${(e as Error).message}` });
      }
      return;
    }
    saver.discard();
    forgetItem(item.id);
    props.onDone('submitted');
  };

  const finishSkip = async (reason: string) => {
    setOverlay(null);
    setBusy(true);
    try {
      await saver.settle();
      await skipItem(item.id, reason || undefined);
    } catch (e) {
      setBusy(false);
      setMessage({ kind: 'error', text: `Not skipped: ${(e as Error).message}` });
      return;
    }
    saver.discard();
    forgetItem(item.id);
    props.onDone('skipped');
  };

  const commands: Commands = {
    submit: () => {
      if (!busy && overlay === null) void finishSubmit();
    },
    skip: () => {
      if (mode === 'history') {
        setMessage({
          kind: 'info',
          text: 'This item is from your history: submit it again, or go back to the queue (Alt+↓).',
        });
      } else if (!busy) setOverlay('skip');
    },
    saveNow: () => {
      if (saver.dirty) void saver.flush();
      else setMessage({ kind: 'info', text: 'Everything is saved.' });
    },
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
      const at = sel ? editor.doc.map.toUtf16(sel.span.start) : firstVisibleOffset();
      caret.enter(currentRange(), at);
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
      if (overlay) setOverlay(null);
      else if (active?.matches('input, textarea')) active.blur();
      else if (caret.active) {
        setCaret(false);
        clearSelection();
      } else if (currentRange()) {
        clearSelection();
        setSelText('');
      } else if (editor.get().selected) editor.select(null);
      else {
        setMessage(null);
        setMissing([]);
      }
    },
    acceptSuggestions: () => {
      editor.accept();
      acceptSuggestions(item.id);
      setMessage({ kind: 'info', text: 'Suggestions accepted: they are now your labels.' });
    },
    previousItem: () => {
      if (props.navigation.previous !== null) props.onOpen(props.navigation.previous);
      else setMessage({ kind: 'info', text: 'No older item in your history.' });
    },
    nextItem: () => {
      const n = props.navigation.next;
      if (n === 'queue') props.onOpen(null);
      else if (n !== null) props.onOpen(n);
      else setMessage({ kind: 'info', text: 'This is the newest item: submit or skip it to move on.' });
    },
    toggleHelp: () => setOverlay((o) => (o === 'help' ? null : o === null ? 'help' : o)),
    toggleGuidelines: props.onToggleInfo,
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
          setMessage({ kind: 'info', text: 'The selection is only spaces: select some text to label.' });
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
    // A click on text covered by several spans selects the innermost; clicking again walks outwards.
    const covering = editor
      .allSpans()
      .filter((s) => {
        const a = editor.doc.map.toUtf16(s.span.start);
        const b = editor.doc.map.toUtf16(s.span.end);
        return a <= hit.offset && hit.offset < b;
      })
      .sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
    if (!covering.length) {
      editor.select(null);
      return;
    }
    const at = covering.findIndex((s) => s.key === state.selected);
    editor.select(covering[(at + 1) % covering.length]!.key);
  };

  const selected = state.selected ? editor.findSpan(state.selected) : undefined;
  const suggestionsLeft = editor.suggestionsLeft();
  const model = item.predictions[0]?.model;

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
    <div className="ann" data-item={item.id} ref={screenRef}>
      <div className="ann-head" ref={headRef}>
        <div className="ann-toolbar">
          <div className="ann-where">
            <Link to={`/projects/${project.id}`} className="ann-project">
              {project.name}
            </Link>
            <span className="ann-item" title="Item id">
              {item.extId}
            </span>
            {mode === 'history' && <span className="chip muted-chip">from my history</span>}
            {item.annotation && <span className="chip">submitted, v{item.annotation.version}</span>}
          </div>
          <StatsLine stats={props.stats} />
          <SaveIndicator state={save} />
          <div className="ann-buttons">
            <ActionButton
              actions={actions}
              id="undo"
              commands={commands}
              className="btn small ghost"
              disabled={!state.canUndo}
            >
              Undo
            </ActionButton>
            <ActionButton
              actions={actions}
              id="redo"
              commands={commands}
              className="btn small ghost"
              disabled={!state.canRedo}
            >
              Redo
            </ActionButton>
            <ActionButton actions={actions} id="help" commands={commands} className="btn small ghost">
              Keys
            </ActionButton>
            <ActionButton actions={actions} id="guidelines" commands={commands} className="btn small ghost">
              {props.infoOpen ? 'Hide panel' : 'Guidelines'}
            </ActionButton>
            {mode === 'history' ? (
              <ActionButton actions={actions} id="nextItem" commands={commands} className="btn small">
                Back to queue
              </ActionButton>
            ) : (
              <ActionButton
                actions={actions}
                id="skip"
                commands={commands}
                className="btn small"
                disabled={busy}
              >
                Skip
              </ActionButton>
            )}
            <ActionButton
              actions={actions}
              id="submit"
              commands={commands}
              className="btn small primary"
              disabled={busy}
            >
              {item.annotation ? 'Resubmit' : 'Submit'}
            </ActionButton>
          </div>
        </div>

        {item.rejection && <RejectionBanner rejection={item.rejection} />}
        {suggestionsLeft && (
          <div className="ann-banner ann-suggest-note">
            <span className="ann-suggested-badge">suggested</span> Dashed labels were proposed by{' '}
            {model ? <strong>{model}</strong> : 'a model'}: edit them, or accept them as they are with{' '}
            <ActionButton actions={actions} id="accept" commands={commands} className="linklike">
              Alt+A
            </ActionButton>
            .
          </div>
        )}

        <SpanLabels editor={editor} commands={commands} missing={missing} colorOf={colorOf} />
        <div
          className={`ann-status${message?.kind === 'error' ? ' error' : ''}`}
          role="status"
          data-testid="ann-status"
        >
          {message ? (
            <>
              {message.text}
              {message.action && (
                <button type="button" className="btn small" onClick={message.action.run}>
                  {message.action.label}
                </button>
              )}
            </>
          ) : (
            <span className="muted">{hint}</span>
          )}
        </div>
      </div>

      <div className={`ann-body${props.infoOpen ? '' : ' no-info'}`}>
        <div className="ann-main">
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
        <div className="ann-side">
          <Questions editor={editor} commands={commands} missing={missing} colorOf={colorOf} />
          {props.infoOpen && (
            <InfoPanel
              guidelines={project.guidelines}
              history={props.history}
              currentId={item.id}
              onOpen={(id) => props.onOpen(id)}
            />
          )}
        </div>
      </div>

      {overlay === 'help' && <HelpOverlay actions={actions} onClose={() => setOverlay(null)} />}
      {overlay === 'skip' && (
        <SkipDialog onSkip={(r) => void finishSkip(r)} onCancel={() => setOverlay(null)} />
      )}
    </div>
  );
}
