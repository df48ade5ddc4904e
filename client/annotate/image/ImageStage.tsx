/**
 * The Konva part of the image editor and the review view: three layers.
 * - image: the picture, not listening.
 * - shapes: every static shape, drawn by one custom shape from a cached bitmap (shapeCache.ts),
 *   not listening; redrawn only when the view, the labels, the selection or the hidden labels
 *   change, and then mostly as a single blit.
 * - active: the selected shape, the hover outline, the gesture preview, the crosshair and the
 *   Transformer. A drag or resize redraws this layer alone.
 * Pointer input is handled by the editor on the container (hit tests are geometry, not Konva's
 * hit canvas), except the Transformer's handles, which Konva drives.
 */
import type Konva from 'konva';
import type { Box as TransformerBox } from 'konva/lib/shapes/Transformer';
import { type RefObject, useCallback, useEffect, useMemo, useRef } from 'react';
import {
  Circle,
  Group,
  Image as KImage,
  Label,
  Layer,
  Line,
  Rect,
  Shape,
  Stage,
  Tag,
  Text,
  Transformer,
} from 'react-konva';
import {
  clampBox,
  type Rect as GRect,
  type Size,
  type Vec2,
  type Viewport,
} from '../../../shared/geometry.ts';
import type { Box } from '../../../shared/labels.ts';
import { POINT_RADIUS_PX, STROKE_PX, TAG_FONT_FAMILY } from './drawShapes.ts';
import { pickLevel, useImageLevels } from './imageLevels.ts';
import { createCuller, type Scene, type SceneShape } from './scene.ts';
import type { ShapeLayerCache } from './shapeCache.ts';
import type { AnyShape, Preview, ShapeRef } from './tools.ts';

/** The selected shape as drawn on the active layer (during a drag: where it is being moved to). */
export interface ActiveShape {
  ref: ShapeRef;
  shape: AnyShape;
  color: string;
}

export interface ImageStageProps {
  stageRef: RefObject<Konva.Stage | null>;
  view: Size;
  vp: Viewport;
  image: HTMLImageElement | null;
  /** The first full draw is done: background work (the image pyramid) may start. */
  drawn: boolean;
  size: Size;
  scene: Scene;
  hidden: ReadonlySet<string>;
  /** The static shapes' bitmap (owned by the editor, which invalidates it for drawNow). */
  cache: ShapeLayerCache;
  active: ActiveShape | null;
  hover: SceneShape | null;
  preview: Exclude<Preview, { kind: 'edit' }> | null;
  previewColor: string;
  crosshair: Vec2 | null;
  showLabels: boolean;
  /** Whether the selected box gets resize handles. */
  editable: boolean;
  onResize(ref: ShapeRef, box: Box): void;
  onTransforming(on: boolean): void;
}

const speed = { perfectDrawEnabled: false, shadowForStrokeEnabled: false, listening: false } as const;
const alpha = (hex: string, a: string) => `${hex}${a}`;

export function ImageStage(props: ImageStageProps) {
  const { view, vp, image, size, scene, hidden, cache, active, showLabels } = props;
  const excludedTask = active?.ref.task ?? null;
  const excludedIndex = active?.ref.index ?? -1;
  const culler = useMemo(createCuller, []);

  // A new draw function only when something it draws changed: otherwise Konva leaves the layer
  // alone (a drag or a hover redraws the active layer only).
  const drawStatic = useCallback(
    (con: Konva.Context) => {
      const exclude = excludedTask === null ? null : { task: excludedTask, index: excludedIndex };
      cache.draw(
        con._context,
        vp,
        view,
        size,
        {
          key: [scene, hidden, excludedTask, excludedIndex, showLabels],
          cull: (rect) => culler(scene, rect, hidden),
          opts: { exclude, labels: showLabels },
        },
        con.canvas.getPixelRatio(),
      );
    },
    [cache, culler, scene, hidden, excludedTask, excludedIndex, showLabels, vp, view, size],
  );

  // Only the part of the image on screen is handed to drawImage, from the pyramid level closest to
  // the screen's resolution: at 8x zoom into an 8000x6000 picture that is a few hundred source
  // pixels, fitted to the screen it is a 1000 px copy, never 48 million pixels a frame.
  const levels = useImageLevels(image, props.drawn);
  const level = pickLevel(levels, vp.scale, size.width);
  const crop = imageCrop(vp, view, size);

  return (
    <Stage ref={props.stageRef} width={view.width} height={view.height} listening={true}>
      <Layer listening={false} imageSmoothingEnabled={vp.scale < 2}>
        {level && crop && (
          <KImage
            {...speed}
            image={level.source}
            crop={{
              x: (crop.x * level.width) / size.width,
              y: (crop.y * level.height) / size.height,
              width: (crop.width * level.width) / size.width,
              height: (crop.height * level.height) / size.height,
            }}
            x={crop.x * vp.scale + vp.x}
            y={crop.y * vp.scale + vp.y}
            width={crop.width * vp.scale}
            height={crop.height * vp.scale}
          />
        )}
      </Layer>
      <Layer listening={false}>
        <Shape {...speed} sceneFunc={drawStatic} />
      </Layer>
      <ActiveLayer {...props} />
    </Stage>
  );
}

/** The visible part of the image, in image pixels; null when none of it is on screen. */
function imageCrop(vp: Viewport, view: Size, size: Size): GRect | null {
  const x1 = Math.max(0, Math.floor(-vp.x / vp.scale));
  const y1 = Math.max(0, Math.floor(-vp.y / vp.scale));
  const x2 = Math.min(size.width, Math.ceil((view.width - vp.x) / vp.scale));
  const y2 = Math.min(size.height, Math.ceil((view.height - vp.y) / vp.scale));
  if (x2 <= x1 || y2 <= y1) return null;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

function ActiveLayer(props: ImageStageProps) {
  const { vp, size, active, hover, preview, crosshair, editable, onResize, onTransforming } = props;
  const s = vp.scale;
  const boxRef = useRef<Konva.Rect>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const activeBox = active && 'width' in active.shape ? active : null;

  useEffect(() => {
    const tr = trRef.current;
    if (!tr) return;
    tr.nodes(editable && activeBox && boxRef.current ? [boxRef.current] : []);
    tr.getLayer()?.batchDraw();
  }, [editable, activeBox]);

  const bound = useCallback(
    (oldBox: TransformerBox, newBox: TransformerBox): TransformerBox => {
      // Transformer boxes are in screen pixels: keep the box inside the image on screen.
      const left = vp.x;
      const top = vp.y;
      const right = vp.x + size.width * s;
      const bottom = vp.y + size.height * s;
      const x = Math.max(newBox.x, left);
      const y = Math.max(newBox.y, top);
      const width = Math.min(newBox.x + newBox.width, right) - x;
      const height = Math.min(newBox.y + newBox.height, bottom) - y;
      if (width < 2 || height < 2) return oldBox;
      return { ...newBox, x, y, width, height };
    },
    [vp, size, s],
  );

  const onTransformEnd = () => {
    onTransforming(false);
    const node = boxRef.current;
    if (!node || !activeBox) return;
    const box = clampBox(
      {
        x: node.x(),
        y: node.y(),
        width: node.width() * node.scaleX(),
        height: node.height() * node.scaleY(),
        label: activeBox.shape.label,
      },
      size,
    );
    node.scale({ x: 1, y: 1 });
    onResize(activeBox.ref, box);
  };

  return (
    <Layer>
      <Group x={vp.x} y={vp.y} scaleX={s} scaleY={s} listening={false}>
        {hover && (!active || hover.ref.task !== active.ref.task || hover.ref.index !== active.ref.index) && (
          <Outline shape={hover.shape} color={hover.color} scale={s} width={STROKE_PX + 2} />
        )}
        {active && <ActiveShapeNode active={active} scale={s} boxRef={boxRef} />}
        {preview && <PreviewNode preview={preview} color={props.previewColor} scale={s} />}
        {crosshair && (
          <>
            <Line {...speed} points={[0, crosshair[1], size.width, crosshair[1]]} {...guide(s)} />
            <Line {...speed} points={[crosshair[0], 0, crosshair[0], size.height]} {...guide(s)} />
          </>
        )}
      </Group>
      <Transformer
        ref={trRef}
        rotateEnabled={false}
        flipEnabled={false}
        keepRatio={false}
        ignoreStroke={true}
        anchorSize={9}
        anchorCornerRadius={2}
        borderStroke="#2f4fb5"
        anchorStroke="#2f4fb5"
        boundBoxFunc={bound}
        onTransformStart={() => onTransforming(true)}
        onTransformEnd={onTransformEnd}
      />
    </Layer>
  );
}

function guide(s: number) {
  return {
    stroke: '#111827',
    opacity: 0.65,
    strokeWidth: 1,
    strokeScaleEnabled: false,
    dash: [5 / s, 4 / s],
  };
}

function ActiveShapeNode({
  active,
  scale: s,
  boxRef,
}: {
  active: ActiveShape;
  scale: number;
  boxRef: RefObject<Konva.Rect | null>;
}) {
  const { shape, color } = active;
  const common = { ...speed, stroke: color, strokeWidth: STROKE_PX + 1, strokeScaleEnabled: false };
  let node: React.ReactNode;
  if ('points' in shape) {
    node = (
      <>
        <Line {...common} points={shape.points.flat()} closed fill={alpha(color, '40')} />
        {shape.points.map(([x, y], i) => (
          <Rect
            // biome-ignore lint/suspicious/noArrayIndexKey: vertices are positional by nature
            key={i}
            {...speed}
            x={x - 4 / s}
            y={y - 4 / s}
            width={8 / s}
            height={8 / s}
            fill="#ffffff"
            stroke={color}
            strokeWidth={1.5}
            strokeScaleEnabled={false}
          />
        ))}
      </>
    );
  } else if ('width' in shape) {
    node = (
      <Rect
        ref={boxRef}
        {...common}
        x={shape.x}
        y={shape.y}
        width={shape.width}
        height={shape.height}
        fill={alpha(color, '40')}
      />
    );
  } else {
    node = (
      <Circle
        {...speed}
        x={shape.x}
        y={shape.y}
        radius={(POINT_RADIUS_PX + 2) / s}
        fill={color}
        stroke="#ffffff"
        strokeWidth={2}
        strokeScaleEnabled={false}
      />
    );
  }
  const [tx, ty] = tagAnchor(shape);
  return (
    <>
      {node}
      <Label
        {...speed}
        x={tx}
        y={ty}
        scaleX={1 / s}
        scaleY={1 / s}
        offsetY={'width' in shape || 'points' in shape ? 18 : 9}
      >
        <Tag fill={color} cornerRadius={2} />
        <Text
          text={shape.label}
          fill="#ffffff"
          fontSize={11}
          fontStyle="600"
          fontFamily={TAG_FONT_FAMILY}
          padding={3}
        />
      </Label>
    </>
  );
}

function tagAnchor(shape: AnyShape): Vec2 {
  if ('points' in shape) {
    let best = shape.points[0]!;
    for (const p of shape.points) if (p[1] < best[1] || (p[1] === best[1] && p[0] < best[0])) best = p;
    return best;
  }
  if ('width' in shape) return [shape.x, shape.y];
  return [shape.x + (POINT_RADIUS_PX + 4), shape.y];
}

function Outline({
  shape,
  color,
  scale: s,
  width,
}: {
  shape: AnyShape;
  color: string;
  scale: number;
  width: number;
}) {
  const common = { ...speed, stroke: color, strokeWidth: width, strokeScaleEnabled: false };
  if ('points' in shape) return <Line {...common} points={shape.points.flat()} closed />;
  if ('width' in shape)
    return <Rect {...common} x={shape.x} y={shape.y} width={shape.width} height={shape.height} />;
  return <Circle {...common} x={shape.x} y={shape.y} radius={(POINT_RADIUS_PX + 3) / s} />;
}

function PreviewNode({
  preview,
  color,
  scale: s,
}: {
  preview: Exclude<Preview, { kind: 'edit' }>;
  color: string;
  scale: number;
}) {
  const line = { ...speed, stroke: color, strokeWidth: STROKE_PX, strokeScaleEnabled: false };
  if (preview.kind === 'box') {
    const r = preview.rect;
    return (
      <Rect
        {...line}
        x={r.x}
        y={r.y}
        width={r.width}
        height={r.height}
        fill={alpha(color, '26')}
        dash={[6 / s, 4 / s]}
      />
    );
  }
  if (preview.kind === 'point') {
    return (
      <Circle
        {...speed}
        x={preview.at[0]}
        y={preview.at[1]}
        radius={POINT_RADIUS_PX / s}
        fill={color}
        stroke="#ffffff"
        strokeWidth={1.5}
        strokeScaleEnabled={false}
      />
    );
  }
  const pts = preview.cursor ? [...preview.points, preview.cursor] : preview.points;
  const first = preview.points[0]!;
  return (
    <>
      <Line
        {...line}
        points={pts.flat()}
        closed={preview.closing}
        fill={preview.closing ? alpha(color, '26') : undefined}
      />
      {preview.points.map(([x, y], i) => (
        <Circle
          // biome-ignore lint/suspicious/noArrayIndexKey: vertices are positional by nature
          key={i}
          {...speed}
          x={x}
          y={y}
          radius={(i === 0 && preview.closing ? 7 : 4) / s}
          fill={i === 0 ? color : '#ffffff'}
          stroke={color}
          strokeWidth={1.5}
          strokeScaleEnabled={false}
        />
      ))}
      {preview.points.length >= 3 && !preview.closing && (
        <Line
          {...line}
          points={[...(preview.cursor ?? first), ...first]}
          opacity={0.4}
          dash={[4 / s, 4 / s]}
        />
      )}
    </>
  );
}
