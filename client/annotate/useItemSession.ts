import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { WorkItem } from '../../shared/annotate.ts';
import type { Project } from '../../shared/api.ts';
import { missingRequired } from '../../shared/labels.ts';
import { ApiError } from '../api/http.ts';
import type { Commands } from './actions.ts';
import { skipItem, submitAnnotation } from './api.ts';
import { Autosaver, type SaveState } from './autosave.ts';
import type { Editor } from './editor.ts';
import type { HistoryEntry, MyStats } from './InfoPanel.tsx';
import { forgetItem, leadTimeSeconds } from './session.ts';

export interface Navigation {
  /** Older item in my history, if any. */
  previous: number | null;
  /** Newer item in my history, or 'queue' to go back to the item the queue gave me. */
  next: number | 'queue' | null;
}

/** What the label page gives an item screen, text or image alike. */
export interface ItemScreenProps {
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

export type Message = { kind: 'error' | 'info'; text: string; action?: { label: string; run: () => void } };

/** A server message as a sentence: capital first letter, full stop at the end. */
function sentence(s: string): string {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

/**
 * Whether enough of an element in the side column shows to read it. The guidelines key hides an
 * open panel only when the annotator can see it; one scrolled out of sight is brought in instead.
 */
function inSight(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  const box = el.parentElement?.getBoundingClientRect();
  const head = el.closest('.ann')?.querySelector('.ann-head')?.getBoundingClientRect().bottom ?? 0;
  const top = Math.max(head, box?.top ?? 0);
  const bottom = Math.min(window.innerHeight, box?.bottom ?? window.innerHeight);
  const need = Math.min(120, r.height);
  return r.top + need <= bottom && r.bottom - need >= top;
}

/** The item actions every item screen runs the same way, whatever it edits. */
export type ItemCommands = Pick<
  Commands,
  | 'submit'
  | 'skip'
  | 'saveNow'
  | 'undo'
  | 'redo'
  | 'previousItem'
  | 'nextItem'
  | 'toggleHelp'
  | 'toggleGuidelines'
>;

/**
 * The item machinery shared by the text and image screens: autosave with an offline fallback,
 * submit (with the required-task check and a stale-version 409), skip, the messages and dialogs,
 * and the head whose height the body follows.
 */
export function useItemSession(props: ItemScreenProps, editor: Editor, from: string) {
  const { item, mode } = props;
  const schema = props.project.schema;
  const screenRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [overlay, setOverlay] = useState<'help' | 'skip' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: 'clean' });
  const [saver] = useState(() => new Autosaver(item.id, setSave));

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

  // The body sits below the head, whose height changes with its banners and messages.
  useLayoutEffect(() => {
    const head = headRef.current;
    const screen = screenRef.current;
    if (!head || !screen) return;
    const ro = new ResizeObserver(() => screen.style.setProperty('--ann-head', `${head.offsetHeight}px`));
    ro.observe(head);
    return () => ro.disconnect();
  }, []);

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

  const commands: ItemCommands = {
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
    toggleGuidelines: () => {
      const info = screenRef.current?.querySelector<HTMLElement>('.ann-info');
      if (info && !inSight(info)) info.scrollIntoView({ block: 'nearest' });
      else props.onToggleInfo();
    },
  };

  /**
   * Escape closes the dialog, else leaves a text field, else lets the screen drop its own state
   * (`inner` returns true when it did), else clears the messages.
   */
  const onEscape = (inner: () => boolean = () => false) => {
    const active = document.activeElement as HTMLElement | null;
    if (overlay) setOverlay(null);
    else if (active?.matches('input, textarea')) active.blur();
    else if (!inner()) {
      setMessage(null);
      setMissing([]);
    }
  };

  return {
    screenRef,
    headRef,
    overlay,
    setOverlay,
    message,
    setMessage,
    missing,
    busy,
    save,
    commands,
    onEscape,
    finishSkip,
  };
}
