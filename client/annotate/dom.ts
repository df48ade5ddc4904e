import type { TextLayout } from './segments.ts';

/**
 * Between DOM positions and text offsets (UTF-16) in the document view. The view renders each
 * paragraph as a direct child of the root, and the text as segment elements `[data-s]` whose
 * only child is their text node, with `data-s` its offset; label tags sit beside segments and hold
 * no document text. Nothing else may put text inside the root.
 */

export type Bias = 'start' | 'end';

/** Text offset of a DOM point. Points in a tag or between elements go to the nearest segment edge. */
export function offsetAt(root: HTMLElement, node: Node, offset: number, bias: Bias, length: number): number {
  if (node.nodeType === Node.TEXT_NODE) {
    const s = node.parentElement?.dataset.s;
    if (s !== undefined && root.contains(node)) return Number(s) + offset;
  }
  const point = document.createRange();
  point.setStart(node, offset);
  if (point.comparePoint(root, 0) > 0) return 0;
  if (point.comparePoint(root, root.childNodes.length) < 0) return length;
  const segs = root.querySelectorAll<HTMLElement>('[data-s]');
  // First segment starting at or after the point.
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (point.comparePoint(segs[mid]!, 0) >= 0) hi = mid;
    else lo = mid + 1;
  }
  if (bias === 'start') return lo < segs.length ? Number(segs[lo]!.dataset.s) : length;
  const before = segs[lo - 1];
  return before ? Number(before.dataset.s) + (before.textContent?.length ?? 0) : 0;
}

/** The selected text range in the view, or null when nothing (or nothing of the text) is selected. */
export function selectedRange(root: HTMLElement, length: number): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!r.intersectsNode(root)) return null;
  const start = offsetAt(root, r.startContainer, r.startOffset, 'start', length);
  const end = offsetAt(root, r.endContainer, r.endOffset, 'end', length);
  return end > start ? { start, end } : null;
}

function paragraphIndex(layout: TextLayout, offset: number): number {
  const ps = layout.paragraphs;
  let lo = 0;
  let hi = ps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ps[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The DOM point of a text offset (for selections and the caret). */
export function pointAt(
  root: HTMLElement,
  layout: TextLayout,
  offset: number,
): { node: Node; offset: number } {
  const pi = paragraphIndex(layout, offset);
  const para = root.children[pi] as HTMLElement | undefined;
  if (!para) return { node: root, offset: 0 };
  const segs = para.querySelectorAll<HTMLElement>('[data-s]');
  let last: { node: Node; offset: number } = { node: para, offset: 0 };
  for (const seg of segs) {
    const s = Number(seg.dataset.s);
    const text = seg.firstChild;
    if (!text) continue;
    const len = text.textContent?.length ?? 0;
    if (offset < s) return last;
    if (offset < s + len) return { node: text, offset: offset - s };
    last = { node: text, offset: len };
  }
  return last;
}

/** Shows [anchor, focus] as the native selection (so copy and the browser's highlight just work). */
export function showSelection(root: HTMLElement, layout: TextLayout, anchor: number, focus: number) {
  const sel = window.getSelection();
  if (!sel) return;
  const a = pointAt(root, layout, anchor);
  const f = pointAt(root, layout, focus);
  sel.setBaseAndExtent(a.node, a.offset, f.node, f.offset);
}

export function clearSelection() {
  window.getSelection()?.removeAllRanges();
}

/** Where a caret at `offset` is drawn, relative to `frame` (the positioned parent of the root). */
export function caretBox(
  root: HTMLElement,
  frame: HTMLElement,
  layout: TextLayout,
  offset: number,
): { x: number; y: number; height: number } | null {
  const p = pointAt(root, layout, offset);
  const range = document.createRange();
  range.setStart(p.node, p.offset);
  range.collapse(true);
  const rects = range.getClientRects();
  let rect: DOMRect | undefined = rects[rects.length - 1];
  if (!rect || (rect.height === 0 && rect.width === 0)) {
    const el = p.node.nodeType === Node.TEXT_NODE ? p.node.parentElement : (p.node as HTMLElement);
    rect = el?.getBoundingClientRect();
    if (!rect) return null;
    if (p.node.nodeType === Node.TEXT_NODE && p.offset > 0)
      rect = new DOMRect(rect.right, rect.top, 0, rect.height);
  }
  const f = frame.getBoundingClientRect();
  return { x: rect.left - f.left, y: rect.top - f.top, height: rect.height || 18 };
}

/** The text offset on the line above or below the caret (Up / Down in caret mode), or null at the edge. */
export function verticalMove(
  root: HTMLElement,
  layout: TextLayout,
  offset: number,
  dir: 'up' | 'down',
  length: number,
): number | null {
  const p = pointAt(root, layout, offset);
  const range = document.createRange();
  range.setStart(p.node, p.offset);
  const rect = range.getClientRects()[0] ?? (p.node as Element).getBoundingClientRect?.();
  if (!rect) return null;
  const bounds = root.getBoundingClientRect();
  for (let dy = 6; dy < 120; dy += 6) {
    const y = dir === 'up' ? rect.top - dy : rect.bottom + dy;
    if (y < bounds.top || y > bounds.bottom) return null;
    const hit = pointFromXY(rect.left, y);
    // Between two lines the browser answers with a point in the paragraph element: keep looking.
    if (!hit || hit.node.nodeType !== Node.TEXT_NODE || !root.contains(hit.node)) continue;
    if (hit.node.parentElement?.dataset.s === undefined) continue;
    const o = offsetAt(root, hit.node, hit.offset, 'start', length);
    if (o !== offset) return o;
  }
  return null;
}

function pointFromXY(x: number, y: number): { node: Node; offset: number } | null {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  if (doc.caretPositionFromPoint) {
    const pos = doc.caretPositionFromPoint(x, y);
    return pos ? { node: pos.offsetNode, offset: pos.offset } : null;
  }
  const r = document.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}
