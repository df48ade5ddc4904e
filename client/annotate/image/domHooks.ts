/** DOM hooks of the image workspace: the canvas area's size and the decoded image. */
import { type RefObject, useEffect, useLayoutEffect, useState } from 'react';
import type { Size } from '../../../shared/geometry.ts';

export function useElementSize(ref: RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

export function useHtmlImage(src: string): { image: HTMLImageElement | null; error: boolean } {
  const [state, setState] = useState<{ src: string; image: HTMLImageElement | null; error: boolean }>({
    src,
    image: null,
    error: false,
  });
  useEffect(() => {
    let live = true;
    const img = new window.Image();
    img.decoding = 'async';
    img.src = src;
    img.decode().then(
      () => live && setState({ src, image: img, error: false }),
      () => live && setState({ src, image: null, error: true }),
    );
    return () => {
      live = false;
    };
  }, [src]);
  return state.src === src ? state : { image: null, error: false };
}
