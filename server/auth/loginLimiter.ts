import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Login throttling with rate-limiter-flexible: failures are counted per username (a lockout
 * after 10 in 15 minutes, which an admin can clear) and per address (30 in 15 minutes), so
 * neither guessing one account nor spraying many from one host gets far.
 */
export function loginLimiter(opts = { perUser: 10, perIp: 30, windowS: 15 * 60 }) {
  const byUser = new RateLimiterMemory({
    points: opts.perUser,
    duration: opts.windowS,
    blockDuration: opts.windowS,
  });
  const byIp = new RateLimiterMemory({
    points: opts.perIp,
    duration: opts.windowS,
    blockDuration: opts.windowS,
  });
  const userKey = (u: string) => u.toLowerCase();
  return {
    /** Seconds to wait if either limit is used up, else 0. */
    async blockedFor(username: string, ip: string): Promise<number> {
      const [u, i] = await Promise.all([byUser.get(userKey(username)), byIp.get(ip)]);
      const over = (r: typeof u, max: number) =>
        r && r.consumedPoints >= max ? Math.ceil(r.msBeforeNext / 1000) : 0;
      return Math.max(over(u, opts.perUser), over(i, opts.perIp));
    },
    async fail(username: string, ip: string) {
      await Promise.allSettled([byUser.consume(userKey(username)), byIp.consume(ip)]);
    },
    async succeed(username: string) {
      await byUser.delete(userKey(username));
    },
    /** An admin clears a user's lockout. */
    async clear(username: string) {
      await byUser.delete(userKey(username));
    },
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;
