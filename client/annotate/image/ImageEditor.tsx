/**
 * The image annotation workspace: toolbar, Konva canvas and the labels/regions side panel.
 * `ImageEditor` edits (controlled: `value` in, `onChange` out, the host owns undo); `ImageView`
 * is the same code read-only, for review. Load it only through ./index.ts (React.lazy): Konva is
 * large and other screens must not pay for it.
 */
import './imageEditor.css';
import type Konva from 'konva';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { isShapeTask, type ShapeTask, type ShapeTaskType } from '../../../shared/formats/imageShapes.ts';
import {
  centerOn,
  clampShape,
  constrainMove,
  fitViewport,
  MAX_SCALE,
  oneToOne,
  panBy,
  rectsIntersect,
  type Size,
  toImage,
  translateShape,
  type Vec2,
  type Viewport,
  visibleRect,
  zoomAt,
} from '../../../shared/geometry.ts';
import type { Labels } from '../../../shared/labels.ts';
import { comboOf } from '../keys.ts';
import {
  findImageAction,
  IMAGE_ACTIONS,
  type ImageActionState,
  type ImageCommands,
  labelHotkeys,
} from './actions.ts';
import { useElementSize, useHtmlImage } from './domHooks.ts';
import { ImageStage } from './ImageStage.tsx';
import { LabelsPanel, RegionsList } from './Sidebar.tsx';
import { buildScene, hiddenKey, hitTest, labelColors, type SceneShape, sceneShape } from './scene.ts';
import { ShapeLayerCache } from './shapeCache.ts';
import { Toolbar } from './Toolbar.tsx';
import {
  type AnyShape,
  type DrawTarget,
  HIT_PX,
  idleState,
  isBusy,
  KIND_TOOL,
  previewOf,
  type ShapeRef,
  step,
  TOOL_KIND,
  type ToolEffect,
  type ToolEvent,
  type ToolId,
  type ToolState,
} from './tools.ts';
import type { ImageEditorHandle, ImageEditorProps } from './types.ts';

const FIT_PADDING = 16;
/** Screen pixels a duplicate is offset by, so it does not hide its original. */
const DUPLICATE_OFFSET_PX = 16;

type Props = ImageEditorProps & { ref?: React.Ref<ImageEditorHandle> };

export default function ImageEditor(props: Props) {
  return <Workspace {...props} />;
}

/** The same workspace, read-only: select and inspect, zoom and pan, hide labels. */
export function ImageView(props: Omit<Props, 'onChange' | 'readOnly'>) {
  return <Workspace {...props} readOnly />;
}

const sameRef = (a: ShapeRef | null, b: ShapeRef | null) =>
  a === b || (!!a && !!b && a.task === b.task && a.index === b.index);

function sameShape(a: unknown, b: AnyShape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const listOf = (labels: Labels, task: string): unknown[] =>
  Array.isArray(labels[task]) ? (labels[task] as unknown[]) : [];

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

function Workspace(props: Props) {
  const { src, width, height, value, readOnly = false, onChange, onReady } = props;
  const size = useMemo<Size>(() => ({ width, height }), [width, height]);
  const tasks = useMemo(() => props.tasks.filter(isShapeTask), [props.tasks]);
  const colors = useMemo(() => labelColors(tasks), [tasks]);
  const scene = useMemo(() => buildScene(tasks, value, colors), [tasks, value, colors]);
  const hotkeys = useMemo(() => labelHotkeys(tasks), [tasks]);
  const kinds = useMemo(() => new Set(tasks.map((t) => t.type)), [tasks]);
  const tools = useMemo(
    () =>
      new Set<ToolId>([
        'select',
        ...(['box', 'polygon', 'point'] as const).filter((t) => kinds.has(TOOL_KIND[t])),
      ]),
    [kinds],
  );

  const containerRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const cache = useMemo(() => new ShapeLayerCache(() => stageRef.current?.batchDraw()), []);
  useEffect(() => () => cache.dispose(), [cache]);
  const view = useElementSize(containerRef);
  const { image, error } = useHtmlImage(src);

  // --- state; refs mirror what event handlers read between renders --------------------------
  const [vp, setVpState] = useState<Viewport | null>(null);
  const vpRef = useRef<Viewport | null>(null);
  const userMoved = useRef(false);
  const setVp = useCallback((next: Viewport, byUser = true) => {
    vpRef.current = next;
    if (byUser) userMoved.current = true;
    setVpState(next);
  }, []);

  const [tool, setToolState] = useState<ToolState>(idleState('select'));
  const toolRef = useRef(tool);
  const setTool = useCallback((next: ToolState) => {
    toolRef.current = next;
    setToolState(next);
  }, []);

  const [selected, setSelectedState] = useState<ShapeRef | null>(null);
  const selectedRef = useRef<ShapeRef | null>(null);
  const setSelected = useCallback((ref: ShapeRef | null) => {
    if (sameRef(selectedRef.current, ref)) return;
    selectedRef.current = ref;
    setSelectedState(ref);
  }, []);

  const [targets, setTargets] = useState<Partial<Record<ShapeTaskType, DrawTarget>>>({});
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [allHidden, setAllHidden] = useState(false);
  const [hover, setHover] = useState<ShapeRef | null>(null);
  const [cursor, setCursor] = useState<Vec2 | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const panRef = useRef<{ x: number; y: number } | null>(null);
  const transforming = useRef(false);
  const pointerInside = useRef(false);

  // The labels as last emitted: a second edit before the host re-renders builds on the first.
  const valueRef = useRef(value);
  const emitted = useRef<Labels | null>(null);
  const sceneRef = useRef(scene);
  sceneRef.current = scene;

  const hiddenEff = useMemo<ReadonlySet<string>>(() => {
    if (!allHidden) return hidden;
    return new Set(tasks.flatMap((t) => t.labels.map((l) => hiddenKey(t.name, l.value))));
  }, [allHidden, hidden, tasks]);
  const hiddenRef = useRef(hiddenEff);
  hiddenRef.current = hiddenEff;

  // Default draw label per kind: the first label of the first task of that kind.
  const targetFor = useCallback(
    (kind: ShapeTaskType): DrawTarget | null => {
      const chosen = targets[kind];
      if (chosen) return chosen;
      const task = tasks.find((t) => t.type === kind);
      return task?.labels[0] ? { task: task.name, label: task.labels[0].value } : null;
    },
    [targets, tasks],
  );
  const targetForRef = useRef(targetFor);
  targetForRef.current = targetFor;

  // --- the viewport ----------------------------------------------------------------------------
  const fitVp = useCallback(() => fitViewport(size, view, FIT_PADDING), [size, view]);
  const minScale = useMemo(() => Math.min(fitViewport(size, view, FIT_PADDING).scale / 2, 0.5), [size, view]);
  const fittedFor = useRef('');
  useLayoutEffect(() => {
    if (view.width === 0 || view.height === 0) return;
    // A new image starts fitted; until the user zooms or pans it stays fitted across resizes.
    const key = `${src} ${width}x${height}`;
    if (fittedFor.current !== key) {
      fittedFor.current = key;
      userMoved.current = false;
    }
    if (!userMoved.current) setVp(fitVp(), false);
  }, [view, fitVp, setVp, src, width, height]);

  const zoomBy = useCallback(
    (factor: number, at?: Vec2) => {
      const cur = vpRef.current;
      if (!cur) return;
      setVp(zoomAt(cur, at ?? [view.width / 2, view.height / 2], cur.scale * factor, minScale, MAX_SCALE));
    },
    [view, minScale, setVp],
  );
  const actualSize = useCallback(() => {
    if (vpRef.current) setVp(oneToOne(vpRef.current, view));
  }, [view, setVp]);
  const ensureVisible = useCallback(
    (s: SceneShape) => {
      const cur = vpRef.current;
      if (!cur) return;
      if (!rectsIntersect(s.bounds, visibleRect(cur, view))) {
        setVp(centerOn(cur, [s.bounds.x + s.bounds.width / 2, s.bounds.y + s.bounds.height / 2], view));
      }
    },
    [view, setVp],
  );

  useImperativeHandle(
    props.ref,
    (): ImageEditorHandle => ({
      fit: () => setVp(fitVp()),
      actualSize,
      zoomBy,
      panBy: (dx, dy) => vpRef.current && setVp(panBy(vpRef.current, dx, dy)),
      viewport: () => vpRef.current ?? { scale: 1, x: 0, y: 0 },
      drawNow: () => {
        cache.invalidate();
        stageRef.current?.draw();
      },
    }),
    [fitVp, zoomBy, setVp, cache, actualSize],
  );

  // --- edits -----------------------------------------------------------------------------------
  const emit = useCallback(
    (next: Labels) => {
      if (readOnly || !onChange) return;
      valueRef.current = next;
      emitted.current = next;
      onChange(next, { undoable: true });
    },
    [readOnly, onChange],
  );

  const applyEffects = useCallback(
    (effects: readonly ToolEffect[]) => {
      for (const e of effects) {
        if (e.type === 'select') {
          setSelected(e.ref);
        } else if (e.type === 'create') {
          const cur = valueRef.current;
          emit({ ...cur, [e.task]: [...listOf(cur, e.task), e.shape] });
        } else {
          const cur = valueRef.current;
          const list = listOf(cur, e.ref.task);
          if (e.ref.index >= list.length || sameShape(list[e.ref.index], e.shape)) continue;
          const next = [...list];
          next[e.ref.index] = e.shape;
          emit({ ...cur, [e.ref.task]: next });
        }
      }
    },
    [emit, setSelected],
  );

  // The host's value replaced ours (undo, a reload): stale gestures and selections go.
  useEffect(() => {
    const fromHost = value !== emitted.current;
    valueRef.current = value;
    if (fromHost && isBusy(toolRef.current)) setTool(idleState(toolRef.current.tool));
    if (selectedRef.current && !sceneShape(scene, selectedRef.current)) setSelected(null);
  }, [value, scene, setTool, setSelected]);

  const env = useCallback(() => {
    const t = toolRef.current.tool;
    return {
      size,
      scale: vpRef.current?.scale ?? 1,
      draw: t === 'select' ? null : targetForRef.current(TOOL_KIND[t]),
      selected: selectedRef.current,
      hit: (p: Vec2, tol: number) =>
        hitTest(sceneRef.current, p, tol, selectedRef.current, hiddenRef.current),
      shape: (ref: ShapeRef) => sceneShape(sceneRef.current, ref)?.shape,
    };
  }, [size]);
  const dispatch = useCallback(
    (event: ToolEvent) => {
      const r = step(toolRef.current, event, env());
      if (r.state !== toolRef.current) setTool(r.state);
      applyEffects(r.effects);
    },
    [env, setTool, applyEffects],
  );

  const switchTool = useCallback(
    (id: ToolId) => {
      if (!tools.has(id)) return;
      setTool(idleState(id));
      if (id !== 'select') setSelected(null);
      setHover(null);
    },
    [tools, setTool, setSelected],
  );

  const removeShape = useCallback(
    (ref: ShapeRef) => {
      const cur = valueRef.current;
      const list = listOf(cur, ref.task);
      if (ref.index >= list.length) return;
      emit({ ...cur, [ref.task]: list.filter((_, i) => i !== ref.index) });
      if (sameRef(selectedRef.current, ref)) setSelected(null);
      setHover(null);
    },
    [emit, setSelected],
  );

  const selectShape = useCallback(
    (ref: ShapeRef) => {
      if (isBusy(toolRef.current) || toolRef.current.tool !== 'select') setTool(idleState('select'));
      setSelected(ref);
      const s = sceneShape(sceneRef.current, ref);
      if (s) ensureVisible(s);
    },
    [setTool, setSelected, ensureVisible],
  );

  const pickLabel = useCallback(
    (task: ShapeTask, label: string) => {
      const target = { task: task.name, label };
      const sel = selectedRef.current;
      const selShape = sceneShape(sceneRef.current, sel);
      const state = toolRef.current;
      if (sel && selShape && !isBusy(state)) {
        if (selShape.kind === task.type) {
          // Relabel; to another task of the same kind if that is where the label lives.
          const cur = valueRef.current;
          const shape = { ...selShape.shape, label };
          if (sel.task === task.name) {
            applyEffects([{ type: 'update', ref: sel, shape }]);
          } else {
            const from = listOf(cur, sel.task).filter((_, i) => i !== sel.index);
            const to = [...listOf(cur, task.name), shape];
            emit({ ...cur, [sel.task]: from, [task.name]: to });
            setSelected({ task: task.name, index: to.length - 1 });
          }
          setTargets((t) => ({ ...t, [task.type]: target }));
          return;
        }
        setSelected(null);
      }
      setTargets((t) => ({ ...t, [task.type]: target }));
      const toolId = KIND_TOOL[task.type];
      // A label key in the middle of drawing gives the shape being drawn that label.
      if (isBusy(state) && state.tool === toolId && 'target' in state) setTool({ ...state, target });
      else if (state.tool !== toolId) switchTool(toolId);
    },
    [applyEffects, emit, setSelected, setTool, switchTool],
  );

  const commands = useMemo<ImageCommands>(
    () => ({
      tool: switchTool,
      backspace: () => {
        if (isBusy(toolRef.current)) dispatch({ type: 'key', key: 'backspace' });
        else if (selectedRef.current) removeShape(selectedRef.current);
      },
      duplicate: () => {
        const sel = sceneShape(sceneRef.current, selectedRef.current);
        if (!sel) return;
        const off = DUPLICATE_OFFSET_PX / (vpRef.current?.scale ?? 1);
        const [dx, dy] = constrainMove(sel.bounds, off, off, size);
        const copy = translateShape(sel.shape, dx, dy);
        const cur = valueRef.current;
        const list = [...listOf(cur, sel.ref.task), copy];
        emit({ ...cur, [sel.ref.task]: list });
        setSelected({ task: sel.ref.task, index: list.length - 1 });
      },
      nudge: (dx, dy) => {
        const sel = sceneShape(sceneRef.current, selectedRef.current);
        if (!sel) return;
        const [mx, my] = constrainMove(sel.bounds, dx, dy, size);
        if (mx !== 0 || my !== 0)
          applyEffects([{ type: 'update', ref: sel.ref, shape: translateShape(sel.shape, mx, my) }]);
      },
      cycle: (dir) => {
        const shown = sceneRef.current.shapes.filter(
          (s) => !hiddenRef.current.has(hiddenKey(s.ref.task, s.shape.label)),
        );
        if (shown.length === 0) return;
        const at = shown.findIndex((s) => sameRef(s.ref, selectedRef.current));
        const next =
          shown[at < 0 ? (dir > 0 ? 0 : shown.length - 1) : (at + dir + shown.length) % shown.length]!;
        selectShape(next.ref);
      },
      escape: () => {
        if (isBusy(toolRef.current)) dispatch({ type: 'key', key: 'escape' });
        else if (selectedRef.current) setSelected(null);
        else switchTool('select');
      },
      finish: () => dispatch({ type: 'key', key: 'enter' }),
      zoom: (f) => zoomBy(f),
      fit: () => setVp(fitVp()),
      actualSize,
      toggleShapes: () => setAllHidden((h) => !h),
    }),
    [
      switchTool,
      dispatch,
      removeShape,
      size,
      emit,
      setSelected,
      applyEffects,
      selectShape,
      zoomBy,
      setVp,
      fitVp,
      actualSize,
    ],
  );

  // --- keyboard (editor only): window, capture phase, so the editor's keys win on its page -----
  const onKeyRef = useRef<(e: KeyboardEvent) => void>(() => {});
  onKeyRef.current = (e: KeyboardEvent) => {
    if (readOnly || e.defaultPrevented || isTyping(e.target)) return;
    const combo = comboOf(e);
    if (!combo) return;
    // Tab keeps its usual meaning (move the focus) unless the canvas has the focus, Space (press
    // the focused button) unless the canvas has the focus or the pointer: keyboard users can
    // still tab through the toolbar and the page.
    const focus = document.activeElement;
    const focused = !focus || focus === document.body || !!containerRef.current?.contains(focus);
    if ((combo === 'tab' || combo === 'shift+tab') && !focused) return;
    if (combo === 'space' && !focused && !pointerInside.current) return;
    if (combo === 'space') {
      // Space is held to pan; swallowing it also stops the page from scrolling.
      if (!e.repeat) setSpaceHeld(true);
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    const hk = hotkeys.get(combo);
    const state: ImageActionState = {
      selected: selectedRef.current !== null,
      busy: isBusy(toolRef.current),
      tools,
    };
    if (hk) pickLabel(hk.task, hk.label);
    else {
      const action = findImageAction(IMAGE_ACTIONS, combo, state);
      if (!action) return;
      action.run(commands, combo);
    }
    e.preventDefault();
    e.stopPropagation();
  };
  useEffect(() => {
    const down = (e: KeyboardEvent) => onKeyRef.current(e);
    const up = (e: KeyboardEvent) => {
      if (e.key === ' ') setSpaceHeld(false);
    };
    const blur = () => {
      setSpaceHeld(false);
      panRef.current = null;
      setPanning(false);
      if (isBusy(toolRef.current)) dispatch({ type: 'cancel' });
    };
    window.addEventListener('keydown', down, true);
    window.addEventListener('keyup', up, true);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down, true);
      window.removeEventListener('keyup', up, true);
      window.removeEventListener('blur', blur);
    };
  }, [dispatch]);

  // --- pointer ---------------------------------------------------------------------------------
  const screenPoint = (e: { clientX: number; clientY: number }): Vec2 => {
    const r = containerRef.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const onTransformer = (p: Vec2): boolean => {
    const node = stageRef.current?.getIntersection({ x: p[0], y: p[1] });
    return !!node && node.getParent()?.getClassName() === 'Transformer';
  };
  const startPan = (e: React.PointerEvent, p: Vec2) => {
    panRef.current = { x: p[0], y: p[1] };
    setPanning(true);
    containerRef.current?.setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const cur = vpRef.current;
    if (!cur) return;
    containerRef.current?.focus({ preventScroll: true });
    const p = screenPoint(e);
    if (e.button === 1 || (e.button === 0 && spaceHeld)) return startPan(e, p);
    if (e.button !== 0 || onTransformer(p)) return;
    const point = toImage(cur, p);
    if (readOnly) {
      const hit = hitTest(scene, point, HIT_PX / cur.scale, selectedRef.current, hiddenEff);
      setSelected(hit?.ref ?? null);
      return startPan(e, p);
    }
    const state = toolRef.current;
    if (
      state.tool === 'select' &&
      !isBusy(state) &&
      !e.altKey &&
      !hitTest(scene, point, HIT_PX / cur.scale, selectedRef.current, hiddenEff)
    ) {
      setSelected(null);
      return startPan(e, p);
    }
    containerRef.current?.setPointerCapture(e.pointerId);
    dispatch({ type: 'down', point, alt: e.altKey });
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const cur = vpRef.current;
    if (!cur || transforming.current) return;
    const p = screenPoint(e);
    if (panRef.current) {
      setVp(panBy(cur, p[0] - panRef.current.x, p[1] - panRef.current.y));
      panRef.current = { x: p[0], y: p[1] };
      return;
    }
    const point = toImage(cur, p);
    const state = toolRef.current;
    if (!readOnly && state.tool !== 'select') setCursor(point);
    if (isBusy(state)) dispatch({ type: 'move', point });
    else if (state.tool === 'select') {
      const hit = hitTest(scene, point, HIT_PX / cur.scale, selectedRef.current, hiddenEff);
      const ref = hit?.ref ?? null;
      setHover((h) => (sameRef(h, ref) ? h : ref));
    }
  };

  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const el = containerRef.current;
    if (el?.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
    if (panRef.current) {
      panRef.current = null;
      setPanning(false);
      return;
    }
    const cur = vpRef.current;
    if (!cur || readOnly || e.button !== 0) return;
    dispatch({ type: 'up', point: toImage(cur, screenPoint(e)) });
  };

  const onPointerCancel = () => {
    panRef.current = null;
    setPanning(false);
    dispatch({ type: 'cancel' });
  };

  const onDoubleClick = (e: React.MouseEvent<HTMLDivElement>) => {
    const cur = vpRef.current;
    if (!cur || readOnly) return;
    dispatch({ type: 'dblclick', point: toImage(cur, screenPoint(e)) });
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const cur = vpRef.current;
      if (!cur) return;
      const r = el.getBoundingClientRect();
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      setVp(
        zoomAt(
          cur,
          [e.clientX - r.left, e.clientY - r.top],
          cur.scale * Math.exp(-delta * 0.0015),
          minScale,
          MAX_SCALE,
        ),
      );
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [minScale, setVp]);

  // --- first full draw -------------------------------------------------------------------------
  const [drawn, setDrawn] = useState(false);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const hasVp = vp !== null;
  useEffect(() => {
    if (!image || !hasVp) return;
    const frame = requestAnimationFrame(() => {
      stageRef.current?.draw();
      setDrawn(true);
      onReadyRef.current?.();
    });
    return () => cancelAnimationFrame(frame);
  }, [image, hasVp]);

  // --- derived for drawing ---------------------------------------------------------------------

  const preview = previewOf(tool);
  const selShape = sceneShape(scene, selected);
  const active =
    preview?.kind === 'edit'
      ? { ref: preview.ref, shape: preview.shape, color: selShape?.color ?? '#2f4fb5' }
      : selShape && !hiddenEff.has(hiddenKey(selShape.ref.task, selShape.shape.label))
        ? { ref: selShape.ref, shape: selShape.shape, color: selShape.color }
        : null;
  const hoverShape =
    hover && tool.tool === 'select' && !isBusy(tool) ? (sceneShape(scene, hover) ?? null) : null;
  const drawPreview = preview && preview.kind !== 'edit' ? preview : null;
  const previewColor = drawPreview
    ? (colors.get(hiddenKey(drawPreview.target.task, drawPreview.target.label)) ?? '#2f4fb5')
    : '#2f4fb5';
  const crosshair = !readOnly && tool.tool !== 'select' && cursor ? cursor : null;
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const s of scene.shapes) {
      const k = hiddenKey(s.ref.task, s.shape.label);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  }, [scene]);

  const activeKind = tool.tool === 'select' ? null : TOOL_KIND[tool.tool];
  const shownTargets = useMemo(() => {
    const t: Partial<Record<ShapeTaskType, DrawTarget>> = {};
    for (const k of kinds) {
      const d = targetFor(k);
      if (d) t[k] = d;
    }
    return t;
  }, [kinds, targetFor]);
  const toggleHidden = useCallback((key: string) => {
    setAllHidden(false);
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  useEffect(() => {
    const s = sceneShape(scene, selected);
    if (s && hiddenEff.has(hiddenKey(s.ref.task, s.shape.label))) setSelected(null);
  }, [hiddenEff, scene, selected, setSelected]);

  const cursorClass = panning
    ? 'panning'
    : spaceHeld
      ? 'pan'
      : readOnly || tool.tool === 'select'
        ? hoverShape
          ? 'over'
          : ''
        : 'draw';

  return (
    <div className={`ie${props.className ? ` ${props.className}` : ''}`}>
      <Toolbar
        tool={tool.tool}
        tools={tools}
        readOnly={readOnly}
        scale={vp?.scale ?? 1}
        allHidden={allHidden}
        commands={commands}
      />
      <div className="ie-body">
        <div
          ref={containerRef}
          className={`ie-canvas ${cursorClass}`}
          role="application"
          aria-label="Image canvas"
          tabIndex={-1}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
          onPointerEnter={() => {
            pointerInside.current = true;
          }}
          onPointerLeave={() => {
            pointerInside.current = false;
            setCursor(null);
          }}
          onDoubleClick={onDoubleClick}
          onContextMenu={(e) => e.preventDefault()}
          data-testid="image-canvas"
        >
          {vp && view.width > 0 && (
            <ImageStage
              stageRef={stageRef}
              view={view}
              vp={vp}
              image={image}
              drawn={drawn}
              size={size}
              scene={scene}
              hidden={hiddenEff}
              cache={cache}
              active={active}
              hover={hoverShape}
              preview={drawPreview}
              previewColor={previewColor}
              crosshair={crosshair}
              showLabels={true}
              editable={!readOnly && tool.tool === 'select'}
              onResize={(ref, box) => applyEffects([{ type: 'update', ref, shape: clampShape(box, size) }])}
              onTransforming={(on) => {
                transforming.current = on;
              }}
            />
          )}
          {error && <p className="ie-status note error">The image could not be loaded.</p>}
          {!image && !error && <p className="ie-status muted">Loading image…</p>}
        </div>
        <aside className="ie-side">
          <LabelsPanel
            tasks={tasks}
            colors={colors}
            counts={counts}
            hidden={hidden}
            allHidden={allHidden}
            targets={shownTargets}
            activeKind={activeKind}
            readOnly={readOnly}
            onToggle={toggleHidden}
            onPick={pickLabel}
          />
          <RegionsList
            shapes={scene.shapes}
            selected={selected}
            hidden={hidden}
            allHidden={allHidden}
            readOnly={readOnly}
            onSelect={selectShape}
            onDelete={removeShape}
          />
        </aside>
      </div>
    </div>
  );
}
