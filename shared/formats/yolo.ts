/**
 * YOLO (Darknet / Ultralytics) label files as pure functions: one `.txt` per image, one line per
 * object, `class cx cy w h` with the centre and size as fractions of the image size, 6 decimals.
 * Class numbers index `yoloClasses(schema)`, which `classes.txt` / `data.yaml` list in order.
 */
import { clampBox, clampPolygon, polygonBounds, type Rect, rectPoints, type Size } from '../geometry.ts';
import type { LabelSchema } from '../labelSchema.ts';
import type { Labels } from '../labels.ts';
import { labelNames, shapesOf } from './imageShapes.ts';

/** Class names: the labels of boxes and polygons tasks, each once, in schema order. */
export function yoloClasses(schema: LabelSchema): string[] {
  return labelNames(schema, ['boxes', 'polygons']);
}

const f6 = (v: number) => v.toFixed(6);

/** One detection line for a box in pixels; the box is cut to the image first. */
export function yoloBoxLine(classIndex: number, box: Rect, size: Size): string | null {
  const b = clampBox(box, size);
  if (b.width <= 0 || b.height <= 0) return null;
  const cx = (b.x + b.width / 2) / size.width;
  const cy = (b.y + b.height / 2) / size.height;
  return `${classIndex} ${f6(cx)} ${f6(cy)} ${f6(b.width / size.width)} ${f6(b.height / size.height)}`;
}

export interface YoloOptions {
  /**
   * `box` (default): polygons are exported as their bounding box, for detection training.
   * `segment`: Ultralytics segmentation lines `class x1 y1 x2 y2 ...` (boxes become 4-point rings).
   */
  polygons?: 'box' | 'segment';
}

/**
 * The label file of one image. Points have no YOLO detection form and are left out; so are shapes
 * of zero size, which a trainer would reject.
 */
export function toYoloLines(
  schema: LabelSchema,
  labels: Labels,
  size: Size,
  opts: YoloOptions = {},
): string[] {
  const classes = new Map(yoloClasses(schema).map((name, i) => [name, i]));
  const lines: string[] = [];
  for (const s of shapesOf(schema, labels)) {
    if (s.kind === 'points') continue;
    const cls = classes.get(s.shape.label);
    if (cls === undefined) continue;
    if (opts.polygons === 'segment') {
      const ring =
        s.kind === 'polygons' ? clampPolygon(s.shape, size).points : rectPoints(clampBox(s.shape, size));
      const bounds = polygonBounds(ring);
      if (bounds.width <= 0 || bounds.height <= 0) continue;
      lines.push(`${cls} ${ring.map(([x, y]) => `${f6(x / size.width)} ${f6(y / size.height)}`).join(' ')}`);
      continue;
    }
    const rect = s.kind === 'boxes' ? s.shape : polygonBounds(s.shape.points);
    const line = yoloBoxLine(cls, rect, size);
    if (line) lines.push(line);
  }
  return lines;
}

/** `classes.txt`: one class name a line, line number = class number. */
export function yoloClassesTxt(classes: readonly string[]): string {
  return classes.map((c) => `${c}\n`).join('');
}

/** An Ultralytics `data.yaml` naming the classes; names are JSON-quoted, which YAML accepts. */
export function yoloDataYaml(classes: readonly string[], dirs = { train: 'images', val: 'images' }): string {
  const names = classes.map((c, i) => `  ${i}: ${JSON.stringify(c)}`).join('\n');
  return `path: .\ntrain: ${dirs.train}\nval: ${dirs.val}\nnames:\n${names}\n`;
}
