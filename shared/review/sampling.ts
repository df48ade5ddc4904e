import type { Tier } from './tiers.ts';

/**
 * A 32-bit hash of a string: FNV-1a over its UTF-16 code units, then murmur3's finaliser so that
 * ids differing in one digit land far apart. Same input, same output, on every platform.
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Whether an item falls in a tier's random sample of `percent` percent: the hash of tier name and
 * item id, read as a number in [0, 100), is below `percent`. Reproducible, so tests and re-runs
 * see the same sample, and independent between tiers with different names.
 */
export function inSample(itemId: string | number, tierName: string, percent: number): boolean {
  return (hash32(`${tierName}\u0000${itemId}`) / 2 ** 32) * 100 < percent;
}

/**
 * Whether a tier's policy takes an item: `all` always; `sample` when the item is in the sample or
 * escalated (an escalated item is never sampled out); `escalated` only when escalated.
 */
export function selects(tier: Tier, itemId: string | number, escalated: boolean): boolean {
  switch (tier.policy.kind) {
    case 'all':
      return true;
    case 'sample':
      return escalated || inSample(itemId, tier.name, tier.policy.percent);
    case 'escalated':
      return escalated;
  }
}
