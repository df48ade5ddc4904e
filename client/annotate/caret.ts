import { nextGrapheme, nextWordEdge, prevGrapheme, prevWordEdge } from '../../shared/offsets.ts';
import type { CaretMove } from './actions.ts';
import { caretBox, clearSelection, showSelection, verticalMove } from './dom.ts';
import type { TextLayout } from './segments.ts';

interface CaretDom {
  root: () => HTMLElement | null;
  frame: () => HTMLElement | null;
  caret: () => HTMLElement | null;
}

/**
 * Caret mode: a keyboard caret over the text. Arrows move it by grapheme (never into an emoji or
 * a combining sequence), Ctrl moves by word, Up/Down by line, Home/End to the paragraph's ends;
 * Shift extends a selection from the anchor. The selection is the browser's own, so it looks and
 * copies like any selection and the label keys read it the same way as a mouse selection.
 * Left/Right follow the paragraph's direction on screen: in Hebrew or Arabic, Left moves forward.
 */
export class Caret {
  active = false;
  anchor = 0;
  focus = 0;

  constructor(
    private readonly dom: CaretDom,
    private readonly layout: TextLayout,
    private readonly text: string,
  ) {}

  enter(range: { start: number; end: number } | null, at: number) {
    this.active = true;
    if (range) {
      this.anchor = range.start;
      this.focus = range.end;
    } else {
      this.anchor = this.focus = at;
    }
    this.render();
  }

  leave() {
    this.active = false;
    const el = this.dom.caret();
    if (el) el.hidden = true;
  }

  /** Puts the caret where the mouse selected or clicked. */
  set(anchor: number, focus: number) {
    this.anchor = anchor;
    this.focus = focus;
    if (this.active) this.render();
  }

  collapse(at: number) {
    this.set(at, at);
  }

  move(move: CaretMove, extend: boolean) {
    const root = this.dom.root();
    if (!root) return;
    const t = this.text;
    const f = this.focus;
    const rtl = this.isRtlAt(root, f);
    const fwd = (m: 'left' | 'right') => (m === 'right') !== rtl;
    let next: number;
    switch (move) {
      case 'left':
      case 'right':
        next = fwd(move) ? nextGrapheme(t, f) : prevGrapheme(t, f);
        break;
      case 'wordLeft':
      case 'wordRight':
        next = fwd(move === 'wordRight' ? 'right' : 'left') ? nextWordEdge(t, f) : prevWordEdge(t, f);
        break;
      case 'home':
      case 'end': {
        const p = this.paragraphAt(f);
        next = move === 'home' ? p.start : p.end;
        break;
      }
      case 'up':
      case 'down':
        next = verticalMove(root, this.layout, f, move, t.length) ?? (move === 'up' ? 0 : t.length);
        break;
    }
    this.focus = next;
    if (!extend) this.anchor = next;
    this.render();
  }

  private paragraphAt(offset: number) {
    const ps = this.layout.paragraphs;
    return ps.find((p) => offset >= p.start && offset <= p.end) ?? ps[ps.length - 1]!;
  }

  private isRtlAt(root: HTMLElement, offset: number): boolean {
    const i = this.layout.paragraphs.indexOf(this.paragraphAt(offset));
    const el = root.children[i];
    return el ? getComputedStyle(el).direction === 'rtl' : false;
  }

  /** Shows the selection and the caret, and keeps the caret on screen. */
  render() {
    const root = this.dom.root();
    const frame = this.dom.frame();
    const el = this.dom.caret();
    if (!root || !frame || !el) return;
    if (this.anchor === this.focus) clearSelection();
    else showSelection(root, this.layout, this.anchor, this.focus);
    const box = caretBox(root, frame, this.layout, this.focus);
    if (!box || !this.active) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.style.transform = `translate(${Math.round(box.x)}px, ${Math.round(box.y)}px)`;
    el.style.height = `${Math.round(box.height)}px`;
    // Restart the blink so the caret is visible right after each move.
    el.classList.remove('blink');
    void el.offsetWidth;
    el.classList.add('blink');
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  range(): { start: number; end: number } | null {
    if (this.anchor === this.focus) return null;
    return { start: Math.min(this.anchor, this.focus), end: Math.max(this.anchor, this.focus) };
  }
}
