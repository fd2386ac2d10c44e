/**
 * Seeded randomness for the simulated parts. Every random choice is drawn from a generator
 * keyed by (seed, what is being decided), never from a shared stream, so the outcome of one
 * request does not depend on which other requests ran before or alongside it.
 */
import { createHash } from "node:crypto";

/** A uint32 from any string key (sha256, first 4 bytes). */
export function hashKey(key: string): number {
  return createHash("sha256").update(key, "utf8").digest().readUInt32LE(0);
}

/** mulberry32: small, fast, good enough for simulation and test data; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator keyed by a string, e.g. `${seed}:${requestId}:latency`. */
export function seededRandom(key: string): () => number {
  return mulberry32(hashKey(key));
}

/** A log-normal multiplier with median 1: latency jitter has a long right tail, as real latency does. */
export function lognormal(random: () => number, sigma: number): number {
  const u1 = Math.max(random(), 1e-12);
  const u2 = random();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(sigma * normal);
}

/** One element of `items`, chosen by `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length) % items.length];
}
