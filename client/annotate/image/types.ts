import type { Vec2, Viewport } from '../../../shared/geometry.ts';
import type { Task } from '../../../shared/labelSchema.ts';
import type { Labels } from '../../../shared/labels.ts';
import type { ChangeMeta } from './history.ts';

/** Props of the image editor (and, without onChange, of the read-only view). */
export interface ImageEditorProps {
  /** URL of the image (the authorised media route, or a blob/data URL). */
  src: string;
  /** The image's natural size, as recorded with the item: every coordinate is in these pixels. */
  width: number;
  height: number;
  /** The project's schema tasks; the boxes, polygons and points tasks are the editor's. */
  tasks: readonly Task[];
  /** The labels object (all tasks; the editor only changes its image tasks). */
  value: Labels;
  /**
   * Called with the whole new labels object after every edit. The editor reports a drag or a
   * resize once, when it ends, with `undoable: true`: record it in an ImageHistory as one step.
   */
  onChange?: (next: Labels, meta: ChangeMeta) => void;
  readOnly?: boolean;
  /** Called once, when the image and its shapes have been drawn for the first time. */
  onReady?: () => void;
  className?: string;
}

/** What a host page can ask of a mounted editor (through `ref`). */
export interface ImageEditorHandle {
  fit(): void;
  actualSize(): void;
  /** Zoom by `factor` keeping the screen point `at` (default: the view's centre) in place. */
  zoomBy(factor: number, at?: Vec2): void;
  panBy(dx: number, dy: number): void;
  viewport(): Viewport;
  /** Redraws every layer now, synchronously and from scratch (benchmarks time this). */
  drawNow(): void;
}
