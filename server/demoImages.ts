import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { Prediction } from '../shared/annotate.ts';
import type { Box, Point, Polygon } from '../shared/labels.ts';
import { Raster, type Rgb } from './media/png.ts';

/**
 * The demo image project's pictures: small street scenes drawn here by code (sky, road,
 * buildings, cars, people, street lamps), so the demo ships no photo of anyone. Each scene also
 * knows where it drew everything, which gives the "detector" pre-annotations exact shapes.
 */

export const STREET_SCHEMA = {
  tasks: [
    {
      name: 'objects',
      type: 'boxes',
      description: 'A tight box around every car, bus and person.',
      labels: [
        { value: 'car', hotkey: 'c', color: '#e11d48' },
        { value: 'bus', hotkey: 'b', color: '#d97706' },
        { value: 'person', hotkey: 'p', color: '#2563eb' },
      ],
    },
    {
      name: 'regions',
      type: 'polygons',
      description: 'Outline the road and each building.',
      labels: [
        { value: 'road', hotkey: 'r', color: '#6b7280' },
        { value: 'building', hotkey: 'h', color: '#7c3aed' },
      ],
    },
    {
      name: 'lights',
      type: 'points',
      description: 'A point on the lamp of every street light.',
      labels: [{ value: 'lamp', hotkey: 'l', color: '#ca8a04' }],
    },
    {
      name: 'time',
      type: 'choices',
      required: true,
      labels: [
        { value: 'day', hotkey: '1' },
        { value: 'dusk', hotkey: '2' },
        { value: 'night', hotkey: '3' },
      ],
    },
  ],
};

export const STREET_GUIDELINES = `# Shapes on the street: labelling guide

Each picture is a small drawn street scene. Label what is in it:

| task | tool | what |
|---|---|---|
| **objects** | box (Alt+B) | every \`car\`, \`bus\` and \`person\`: a tight box, wheels and head included |
| **regions** | polygon (Alt+P) | the \`road\` (its visible part) and each \`building\` |
| **lights** | point (Alt+K) | the lamp at the top of every street light |
| **time** | choice | \`day\`, \`dusk\` or \`night\`, from the sky |

- A label key (C, B, P, R, H, L) picks the label and its tool; with a shape selected it relabels it.
- Some pictures come with machine suggestions: check them, fix what is wrong, add what is missing.
- Zoom with the wheel, pan with Space + drag, fit with Ctrl+0. Press ? for every shortcut.
`;

const W = 480;
const H = 320;

/** A small deterministic random generator (mulberry32), so every demo has the same scenes. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Time = 'day' | 'dusk' | 'night';
const SKY: Record<Time, [Rgb, Rgb]> = {
  day: [
    [110, 170, 235],
    [200, 225, 250],
  ],
  dusk: [
    [70, 60, 130],
    [245, 150, 90],
  ],
  night: [
    [10, 14, 40],
    [40, 50, 90],
  ],
};
const CAR_COLOURS: Rgb[] = [
  [200, 40, 40],
  [30, 90, 180],
  [240, 200, 40],
  [40, 140, 80],
  [230, 230, 230],
];

export interface Scene {
  file: string;
  png: Buffer;
  time: Time;
  objects: Box[];
  regions: Polygon[];
  lights: Point[];
}

const round = (v: number) => Math.round(v);

function drawScene(i: number): Scene {
  const rnd = random(1000 + i);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const time: Time = (['day', 'day', 'dusk', 'night'] as const)[i % 4]!;
  const r = new Raster(W, H);
  const horizon = round(between(0.42, 0.52) * H);
  r.gradient(0, 0, W, horizon, SKY[time][0], SKY[time][1]);
  r.rect(0, horizon, W, H - horizon, time === 'night' ? [30, 45, 30] : [90, 150, 80]);
  if (time === 'night')
    for (let s = 0; s < 40; s++) r.pixel(rnd() * W, rnd() * horizon * 0.8, [255, 255, 220]);

  const objects: Box[] = [];
  const regions: Polygon[] = [];
  const lights: Point[] = [];

  // Buildings behind the road, on both sides.
  for (const side of [0, 1]) {
    let x = side === 0 ? round(between(0, 20)) : round(W * 0.62);
    const end = side === 0 ? W * 0.38 : W - round(between(0, 20));
    while (x < end - 40) {
      const w = round(between(50, 90));
      const h = round(between(50, horizon - 20));
      const wall: Rgb =
        time === 'night'
          ? [50, 50, 70]
          : pick([
              [180, 120, 90],
              [200, 190, 160],
              [150, 150, 170],
            ] as Rgb[]);
      r.rect(x, horizon - h, Math.min(w, end - x), h, wall);
      const win: Rgb = time === 'day' ? [120, 170, 210] : [250, 220, 120];
      for (let wy = horizon - h + 8; wy < horizon - 14; wy += 18)
        for (let wx = x + 8; wx < Math.min(x + w, end) - 12; wx += 16) r.rect(wx, wy, 8, 10, win);
      const right = Math.min(x + w, end);
      regions.push({
        points: [
          [x, horizon - h],
          [right, horizon - h],
          [right, horizon],
          [x, horizon],
        ],
        label: 'building',
      });
      x = right + round(between(6, 20));
    }
  }

  // The road: a trapezoid to the horizon, with dashes.
  const top = round(between(0.44, 0.5) * W);
  const road: [number, number][] = [
    [round(between(-10, 40)), H],
    [round(W - between(-10, 40)), H],
    [top + 30, horizon],
    [top - 30, horizon],
  ];
  r.polygon(road, time === 'night' ? [45, 45, 50] : [95, 95, 100]);
  for (let y = horizon + 8; y < H; y += 22) r.rect(top - 2, y, 4, 10 + (y - horizon) / 12, [240, 240, 230]);
  regions.unshift({
    points: road.map(
      ([x, y]) => [Math.min(W, Math.max(0, x)), Math.min(H, Math.max(0, y))] as [number, number],
    ),
    label: 'road',
  });

  // Street lamps at the roadside.
  for (let k = 0; k < 1 + (i % 3 === 0 ? 1 : 0); k++) {
    const lx = k === 0 ? round(between(20, 70)) : round(between(W - 70, W - 20));
    const base = round(between(H - 60, H - 20));
    const height = round(between(110, 150));
    r.rect(lx - 2, base - height, 4, height, [60, 60, 60]);
    r.ellipse(lx, base - height, 7, 6, time === 'day' ? [230, 230, 200] : [255, 240, 150]);
    lights.push({ x: lx, y: base - height, label: 'lamp' });
  }

  // Vehicles on the road, bigger when nearer.
  const vehicles = 1 + (i % 3);
  for (let v = 0; v < vehicles; v++) {
    const y = round(between(horizon + 30, H - 40));
    const scale = 0.5 + ((y - horizon) / (H - horizon)) * 0.9;
    const bus = v === 0 && i % 5 === 4;
    const w = round((bus ? 130 : 70) * scale);
    const h = round((bus ? 50 : 28) * scale);
    const x = round(between(W * 0.25, W * 0.75 - w));
    const body = bus ? ([230, 170, 30] as Rgb) : pick(CAR_COLOURS);
    r.rect(x, y - h, w, h - round(6 * scale), body);
    r.rect(x + round(w * 0.2), y - h - round(10 * scale), round(w * 0.55), round(11 * scale), body);
    r.rect(x + round(w * 0.27), y - h - round(7 * scale), round(w * 0.2), round(7 * scale), [170, 210, 240]);
    const wheel = round(7 * scale);
    r.ellipse(x + round(w * 0.22), y - wheel, wheel, wheel, [20, 20, 20]);
    r.ellipse(x + round(w * 0.78), y - wheel, wheel, wheel, [20, 20, 20]);
    if (time !== 'day') r.ellipse(x + w - 2, y - h / 2, 3, 3, [255, 250, 200]);
    const boxTop = y - h - round(10 * scale);
    objects.push({ x, y: boxTop, width: w, height: y - boxTop, label: bus ? 'bus' : 'car' });
  }

  // People on the pavement.
  for (let p = 0; p < i % 3; p++) {
    const px = p === 0 ? round(between(80, 140)) : round(between(W - 150, W - 90));
    const foot = round(between(H - 50, H - 10));
    const ph = round(between(40, 56));
    const coat = pick([
      [60, 90, 160],
      [160, 60, 60],
      [60, 120, 70],
    ] as Rgb[]);
    r.rect(px - 6, foot - ph + 12, 12, ph - 22, coat);
    r.rect(px - 5, foot - 10, 4, 10, [40, 40, 50]);
    r.rect(px + 1, foot - 10, 4, 10, [40, 40, 50]);
    r.ellipse(px, foot - ph + 6, 6, 6, [230, 190, 150]);
    objects.push({ x: px - 6, y: foot - ph, width: 12, height: ph, label: 'person' });
  }

  return {
    file: `street/scene-${String(i + 1).padStart(2, '0')}.png`,
    png: r.toPng(),
    time,
    objects,
    regions,
    lights,
  };
}

/** The demo's scenes, drawn afresh (about 12 small PNGs, well under a megabyte together). */
export function streetScenes(count = 12): Scene[] {
  return Array.from({ length: count }, (_, i) => drawScene(i));
}

/**
 * A zip of the scenes with a tasks.jsonl naming them: every other scene comes with a "detector"
 * pre-annotation that found the cars and the road but missed people and buildings, so there is
 * work left for the annotator.
 */
export async function streetZip(scenes: readonly Scene[]): Promise<Readable> {
  const zip = new yazl.ZipFile();
  const lines: string[] = [];
  scenes.forEach((s, i) => {
    zip.addBuffer(s.png, s.file, { compress: false });
    const predictions: Prediction[] | undefined =
      i % 2 === 0
        ? [
            {
              model: 'demo-detector',
              score: 0.74,
              labels: {
                objects: s.objects.filter((o) => o.label !== 'person'),
                regions: s.regions.filter((g) => g.label === 'road'),
                lights: s.lights,
              },
            },
          ]
        : undefined;
    lines.push(
      `${JSON.stringify({ id: `scene-${String(i + 1).padStart(2, '0')}`, image: s.file, tags: [s.time], predictions })}\n`,
    );
  });
  zip.addBuffer(Buffer.from(lines.join('')), 'tasks.jsonl');
  zip.end();
  return Readable.from(zip.outputStream);
}
