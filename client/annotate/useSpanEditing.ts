import { useLayoutEffect, useRef, useState } from 'react';
import type { Commands } from './actions.ts';
import { Caret } from './caret.ts';
import { clearSelection, offsetAt, selectedRange, showSelection } from './dom.ts';
import type { Editor } from './editor.ts';
import { snapRange, spanFromSelection } from './kinds/spans.ts';
import type { TextLayout } from './segments.ts';

/**
 * Span editing on a TextView, as the annotator and the reviewer's correction both do it: the mouse
 * selection snapped to words, caret mode, walking and relabelling spans. `enterAt` is where caret
 * mode starts when no span is selected.
 */
export function useSpanEditing(
  editor: Editor,
  layout: TextLayout,
  snapWords: boolean,
  enterAt: () => number,
) {
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
  const labels = editor.get().labels;

  // The caret is drawn from the DOM: after the spans around it re-render, draw it again.
  useLayoutEffect(() => {
    if (labels && caret.active) caret.render();
  }, [labels, caret]);

  const currentRange = () => {
    const r = rootRef.current;
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

  const commands: Pick<Commands, 'deleteSpan' | 'cycleSpan' | 'toggleCaret' | 'moveCaret'> = {
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
      caret.enter(currentRange(), sel ? editor.doc.map.toUtf16(sel.span.start) : enterAt());
      setCaret(true);
    },
    moveCaret: (move, extend) => {
      editor.select(null);
      caret.move(move, extend);
      const r = caret.range();
      setSelText(r ? excerpt(r.start, r.end) : '');
    },
  };

  /** Escape's span part: leaves caret mode, else drops the selection, else the selected span. */
  const dismiss = (): boolean => {
    if (caret.active) {
      setCaret(false);
      clearSelection();
    } else if (currentRange()) {
      clearSelection();
      setSelText('');
    } else if (editor.get().selected) editor.select(null);
    else return false;
    return true;
  };

  /** A span label key: labels the selected text, else relabels the selected span. */
  const label = (taskName: string, value: string): 'done' | 'only-spaces' | 'nothing-selected' => {
    const range = currentRange();
    if (range) {
      const span = spanFromSelection(editor.doc, range.start, range.end, value, snapWords);
      if (!span) return 'only-spaces';
      editor.addSpan(taskName, span);
      clearSelection();
      setSelText('');
      if (caret.active) caret.collapse(editor.doc.map.toUtf16(span.end));
      return 'done';
    }
    if (editor.get().selected) {
      editor.relabelSelected(taskName, value);
      return 'done';
    }
    return 'nothing-selected';
  };

  const onPointerUp = (_e: React.MouseEvent, hit: { offset: number; tag?: string } | null) => {
    const r = rootRef.current;
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
    const at = covering.findIndex((s) => s.key === editor.get().selected);
    editor.select(covering[(at + 1) % covering.length]!.key);
  };

  return { rootRef, frameRef, caretRef, caret, caretMode, selText, commands, dismiss, label, onPointerUp };
}
