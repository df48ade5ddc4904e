import { createApp } from '../app.ts';
import type { Ctx } from '../context.ts';

export interface ApiRoute {
  method: string;
  /** The Express pattern as registered, e.g. `/api/items/:id/draft`. */
  pattern: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every API route the app registers, read from its router, so the attack suites cover a route
 * the day it is added, without anyone listing it here.
 */
export function listApiRoutes(ctx: Ctx): ApiRoute[] {
  const app = createApp(ctx, { clientDir: null }) as unknown as { router: { stack: Layer[] } };
  const out: ApiRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) {
          if (m !== '_all') out.push({ method: m.toUpperCase(), pattern: layer.route.path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(app.router.stack);
  return out.filter((r) => r.pattern.startsWith('/api/'));
}

/** The `:name` parameters of a pattern, each with the path segment before it (`items` for `/items/:id`). */
export function routeParams(pattern: string): { name: string; resource: string }[] {
  const segments = pattern.split('/');
  const params: { name: string; resource: string }[] = [];
  segments.forEach((s, i) => {
    const m = /^:(\w+)$/.exec(s);
    if (m) params.push({ name: m[1]!, resource: segments[i - 1] ?? '' });
  });
  return params;
}

/** The pattern with each `:name` replaced by its value. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
}
