import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

const policy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});

/**
 * Helmet's headers, worked out once. Every directive above is static, so the headers are the same
 * for every reply; running helmet's dozen middlewares per request was a visible share of a queue
 * call's CPU (bench/README.md), setting one prepared map is not.
 */
function recordHeaders(): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  };
  let done = false;
  policy({} as never, recorder as never, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

/** The security headers on every reply; API replies are also `no-store`. */
export function securityHeaders() {
  const page = recordHeaders();
  const api = new Map([...page, ['Cache-Control', 'no-store']]);
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeaders(/^\/api(\/|\?|$)/.test(req.url) ? api : page);
    next();
  };
}
