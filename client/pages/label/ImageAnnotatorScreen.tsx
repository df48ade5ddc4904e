import './imageScreen.css';
import {
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { Link } from 'react-router';
import type { Size } from '../../../shared/geometry.ts';
import { type Labels, missingRequired } from '../../../shared/labels.ts';
import type { Action, ActionState, Commands } from '../../annotate/actions.ts';
import { skipItem, submitAnnotation } from '../../annotate/api.ts';
import { Autosaver, type SaveState } from '../../annotate/autosave.ts';
import { ActionButton, Keys, SaveIndicator, SkipDialog } from '../../annotate/controls.tsx';
import { Editor } from '../../annotate/editor.ts';
import { InfoPanel, StatsLine } from '../../annotate/InfoPanel.tsx';
import { IMAGE_ACTIONS, IMAGE_GESTURES, ImageEditor } from '../../annotate/image/index.ts';
import { RejectionBanner } from '../../annotate/RejectionBanner.tsx';
import { forgetItem, leadTimeSeconds } from '../../annotate/session.ts';
import { Suggestions } from '../../annotate/suggestions.ts';
import { Questions } from '../../annotate/TaskPanel.tsx';
import { useKeyboard } from '../../annotate/useKeyboard.ts';
import { ApiError } from '../../api/http.ts';
import type { AnnotatorScreen } from './AnnotatorScreen.tsx';
import { imageScreenActions, imageStartingLabels, NO_TEXT } from './imageSession.ts';

/** The same props as the text screen: LabelPage mounts one or the other for each item. */
type Props = Parameters<typeof AnnotatorScreen>[0];

function sentence(s: string): string {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

type Message = { kind: 'error' | 'info'; text: string; action?: { label: string; run: () => void } };

/**
 * The annotator's screen for one image item: the image editor (boxes, polygons, points) in the
 * middle, the choice and text tasks beside it, and the same item machinery as the text screen:
 * one Editor for labels and undo, autosave with an offline fallback, submit and skip.
 */
export function ImageAnnotatorScreen(props: Props) {
  const { project, item, mode } = props;
  const schema = project.schema;
  const size = useMemo<Size>(
    () => ({ width: item.data.width ?? 0, height: item.data.height ?? 0 }),
    [item.data.width, item.data.height],
  );
  const [{ editor, start, from }] = useState(() => {
    const s = imageStartingLabels(schema, item, size);
    return {
      editor: new Editor(schema, NO_TEXT, s.labels, new Suggestions(schema, {}), item.annotation !== null),
      start: s.labels,
      from: s.from,
    };
  });
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const screenRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [overlay, setOverlay] = useState<'help' | 'skip' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: 'clean' });
  const [saver] = useState(() => new Autosaver(item.id, setSave));
  const actions = useMemo(() => imageScreenActions(schema), [schema]);

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

  // The canvas fills the window below the head, whose height changes with its banners.
  useLayoutEffect(() => {
    const head = headRef.current;
    const screen = screenRef.current;
    if (!head || !screen) return;
    const ro = new ResizeObserver(() => screen.style.setProperty('--ann-head', `${head.offsetHeight}px`));
    ro.observe(head);
    return () => ro.disconnect();
  }, []);

  const onChange = useCallback(
    // A gesture's interim states (if the editor ever relays them) fold into one undo step.
    (next: Labels, meta: { undoable: boolean }) =>
      editor.change(next, meta.undoable ? {} : { coalesce: 'gesture' }),
    [editor],
  );
  const onReady = useCallback(() => performance.mark('gloss:item-rendered'), []);

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

  const none = () => undefined;
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
    escape: () => {
      const active = document.activeElement as HTMLElement | null;
      if (overlay) setOverlay(null);
      else if (active?.matches('input, textarea')) active.blur();
      else {
        setMessage(null);
        setMissing([]);
      }
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
      if (task?.type !== 'choices') return;
      setMessage(null);
      editor.toggleChoice(task, value);
    },
    // Text-only actions: not in this screen's table.
    deleteSpan: none,
    cycleSpan: none,
    toggleCaret: none,
    moveCaret: none,
    acceptSuggestions: none,
  };
  const actionState = (): ActionState => ({
    caret: false,
    spanSelected: false,
    hasSpans: false,
    suggestions: false,
    overlay: overlay !== null,
  });
  useKeyboard(actions, actionState, commands);

  const src = item.data.mediaId !== undefined ? `/api/media/${item.data.mediaId}` : null;
  const model = item.predictions[0]?.model;
  const untouched = from === 'predictions' && state.labels === start && Object.keys(start).length > 0;

  return (
    <div className="ann ann-image" data-item={item.id} ref={screenRef}>
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
        {untouched && (
          <div className="ann-banner ann-suggest-note">
            <span className="ann-suggested-badge">suggested</span> These shapes were proposed by{' '}
            {model ? <strong>{model}</strong> : 'a model'}: check each one, fix or delete what is wrong, and
            add what is missing.
          </div>
        )}
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
            <span className="muted">
              Pick a tool or a label (its key), then draw on the image. Wheel: zoom. Space+drag: pan. ?: all
              shortcuts.
            </span>
          )}
        </div>
      </div>

      <div className={`ann-imgbody${props.infoOpen ? '' : ' no-info'}`}>
        <div className="ann-imgmain">
          {src && size.width > 0 && size.height > 0 ? (
            <Suspense fallback={<p className="muted ann-imgwait">Loading the image editor…</p>}>
              <ImageEditor
                src={src}
                width={size.width}
                height={size.height}
                tasks={schema.tasks}
                value={state.labels}
                onChange={onChange}
                onReady={onReady}
                // While a dialog is open the canvas takes no keys (Escape belongs to the dialog).
                readOnly={overlay !== null}
              />
            </Suspense>
          ) : (
            <div className="note error">
              This item has no stored image: import it again with its image file.
            </div>
          )}
        </div>
        <div className="ann-side">
          <Questions editor={editor} commands={commands} missing={missing} colorOf={() => '#6b7280'} />
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

      {overlay === 'help' && <ImageHelp actions={actions} onClose={() => setOverlay(null)} />}
      {overlay === 'skip' && (
        <SkipDialog onSkip={(r) => void finishSkip(r)} onCancel={() => setOverlay(null)} />
      )}
    </div>
  );
}

/**
 * The `?` overlay of the image screen: the item actions and labels from the screen's table, the
 * tools, shape and view keys from the editor's table, and the mouse gestures, so a shortcut can
 * never be undocumented.
 */
function ImageHelp({ actions, onClose }: { actions: readonly Action[]; onClose: () => void }) {
  const groups: { title: string; rows: { id: string; label: string; keys: readonly string[] }[] }[] = [
    { title: 'Item', rows: actions.filter((a) => a.group === 'Item') },
    { title: 'Edit', rows: actions.filter((a) => a.group === 'Edit' || a.group === 'View') },
    ...(['Tools', 'Shapes', 'View'] as const).map((g) => ({
      title: g === 'View' ? 'Image view' : g,
      rows: IMAGE_ACTIONS.filter((a) => a.group === g),
    })),
    { title: 'Labels', rows: actions.filter((a) => a.group === 'Labels') },
  ];
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape and ? close it through the actions table
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop only closes the dialog
    <div className="ann-backdrop" onClick={onClose}>
      <div
        className="ann-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="ann-help-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={() => undefined}
      >
        <div className="ann-help-head">
          <h2 id="ann-help-title">Keyboard shortcuts</h2>
          <button type="button" className="btn ghost small" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <div className="ann-help-grid">
          {groups.map(
            (g) =>
              g.rows.length > 0 && (
                <section key={g.title}>
                  <h3>{g.title}</h3>
                  <dl>
                    {g.rows.map((a) => (
                      <div key={a.id} className="ann-help-row">
                        <dt>{a.label}</dt>
                        <dd>
                          <Keys keys={a.keys} />
                        </dd>
                      </div>
                    ))}
                  </dl>
                </section>
              ),
          )}
          <section>
            <h3>Mouse</h3>
            <dl>
              {IMAGE_GESTURES.map((g) => (
                <div key={`${g.how}:${g.label}`} className="ann-help-row">
                  <dt>{g.label}</dt>
                  <dd className="small">{g.how}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
    </div>
  );
}
