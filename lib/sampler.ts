/**
 * Per-environment trace sampling under the contract: keep every error, every trace slower than
 * the environment's latency threshold, and a deterministic head sample of the rest, chosen by
 * hashing the trace_id so every service (and every re-run) makes the same decision for a trace.
 *
 * Never throws on odd values, like OpenTelemetry's TraceIdRatioBased: a NaN rate clamps to 0,
 * rates clamp to [0, 1], a NaN or null latency threshold disables the latency rule, a NaN
 * latency is not slow. Misuse is a named error: a trace without the fields the decision reads
 * (`TraceFieldError`), or an environment the contract has no rule for (`UnknownEnvironmentError`).
 */
import { defaultContract, type Contract } from "./contract";
import type { Trace } from "./schema";

export type SampleReason = "error" | "slow" | "head-sample" | "always (env)" | "dropped";
export const SAMPLE_REASONS: readonly SampleReason[] = ["error", "slow", "always (env)", "head-sample", "dropped"];

export interface SampleDecision {
  readonly keep: boolean;
  readonly reason: SampleReason;
}

/** The fields a decision reads; a full `Trace` is one. */
export type SampleInput = Pick<Trace, "trace_id" | "environment" | "latency_ms"> & { error?: string | null };

export class UnknownEnvironmentError extends Error {
  override name = "UnknownEnvironmentError";
  constructor(
    readonly environment: string,
    readonly known: readonly string[],
  ) {
    super(`environment "${environment}" has no sampling rule in the contract; known environments: ${known.join(", ")}`);
  }
}

/** A trace that never passed TraceSchema: the sampler names the field rather than guess. */
export class TraceFieldError extends Error {
  override name = "TraceFieldError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`trace.${field} ${problem}: the sampler needs trace_id, environment and latency_ms (validate with parseTrace first)`);
  }
}

// Shared, frozen decisions: the hot path allocates nothing.
const decision = (keep: boolean, reason: SampleReason): SampleDecision => Object.freeze({ keep, reason });
const KEEP_ERROR = decision(true, "error");
const KEEP_SLOW = decision(true, "slow");
const KEEP_ALWAYS = decision(true, "always (env)");
const KEEP_HEAD = decision(true, "head-sample");
const DROP = decision(false, "dropped");

interface CompiledRule {
  rate: number;
  alwaysOnError: boolean;
  /** Traces with latency_ms strictly above this are kept; Infinity disables the rule. */
  latencyThresholdMs: number;
  /** Keep when the trace_id hash (a uint32) is below this: rate * 2^32. */
  hashBelow: number;
}

const TWO_POW_32 = 4294967296;

/** Clamps like OpenTelemetry's ratio sampler: NaN and negatives to 0, above 1 to 1. */
export function clampRate(rate: unknown): number {
  const n = typeof rate === "number" ? rate : Number.NaN;
  return n > 0 ? Math.min(n, 1) : 0;
}

function compileRule(rule: Partial<Contract["sampling"]["dev"]> | undefined): CompiledRule {
  const rate = clampRate(rule?.rate);
  const threshold = rule?.latency_threshold_ms;
  return {
    rate,
    // Keep errors unless the contract explicitly says not to: losing an error is the costly mistake.
    alwaysOnError: rule?.always_on_error !== false,
    latencyThresholdMs: typeof threshold === "number" && !Number.isNaN(threshold) ? Math.max(threshold, 0) : Number.POSITIVE_INFINITY,
    hashBelow: rate * TWO_POW_32,
  };
}

/** Rules are compiled once per contract object, so a decision never re-validates or re-reads the contract. */
const compiled = new WeakMap<object, Map<string, CompiledRule>>();

function rulesFor(contract: Contract): Map<string, CompiledRule> {
  let rules = compiled.get(contract);
  if (rules === undefined) {
    rules = new Map();
    const sampling = (contract as { sampling?: Record<string, Partial<Contract["sampling"]["dev"]>> }).sampling ?? {};
    for (const env of Object.keys(sampling)) rules.set(env, compileRule(sampling[env]));
    compiled.set(contract, rules);
  }
  return rules;
}

/**
 * FNV-1a over the trace_id's hex digits (hyphens skipped, case folded, so `3F2B...` and the
 * 32-hex OpenTelemetry form of the same id agree), finished with murmur3's fmix32 so the high
 * bits are uniform too. Returns a uint32.
 */
export function traceIdHash32(traceId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) {
    const c = traceId.charCodeAt(i);
    if (c === 45) continue; // "-"
    h = Math.imul(h ^ (c | 0x20), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The trace_id's position in [0, 1): a trace is head-sampled when this is below the rate. */
export function traceIdToUnit(traceId: string): number {
  return traceIdHash32(traceId) / TWO_POW_32;
}

/**
 * Why a trace is kept or dropped. Precedence: `error` (always_on_error and an `error` field is
 * present, even an empty one), `slow` (latency_ms > latency_threshold_ms), `always (env)`
 * (rate 1), then `head-sample` or `dropped` by the trace_id hash.
 */
export function sampleDecision(trace: SampleInput, contract: Contract = defaultContract()): SampleDecision {
  if (trace === null || typeof trace !== "object") throw new TraceFieldError("(root)", `must be an object (got ${trace === null ? "null" : typeof trace})`);
  const { trace_id, environment, latency_ms } = trace;
  if (typeof trace_id !== "string" || trace_id.length === 0) throw new TraceFieldError("trace_id", trace_id === undefined ? "is required" : "must be a non-empty string");
  if (typeof environment !== "string") throw new TraceFieldError("environment", environment === undefined ? "is required" : "must be a string");
  if (typeof latency_ms !== "number") throw new TraceFieldError("latency_ms", latency_ms === undefined ? "is required" : "must be a number");
  const rule = rulesFor(contract).get(environment);
  if (rule === undefined) throw new UnknownEnvironmentError(environment, [...rulesFor(contract).keys()]);
  if (rule.alwaysOnError && trace.error !== undefined && trace.error !== null) return KEEP_ERROR;
  if (latency_ms > rule.latencyThresholdMs) return KEEP_SLOW;
  if (rule.rate >= 1) return KEEP_ALWAYS;
  return traceIdHash32(trace_id) < rule.hashBelow ? KEEP_HEAD : DROP;
}

/** Whether to keep a trace under the contract (default: the root `observability_contract.json`, loaded once). */
export function shouldSample(trace: SampleInput, contract: Contract = defaultContract()): boolean {
  return sampleDecision(trace, contract).keep;
}

/** A one-line description of an environment's rule, in OpenTelemetry's style, e.g. `errors + latency_ms > 5000 + TraceIdRatioBased{0.1}`. */
export function describeSampler(environment: string, contract: Contract = defaultContract()): string {
  const rule = rulesFor(contract).get(environment);
  if (rule === undefined) throw new UnknownEnvironmentError(environment, [...rulesFor(contract).keys()]);
  const parts = [rule.alwaysOnError ? "errors" : "", Number.isFinite(rule.latencyThresholdMs) ? `latency_ms > ${rule.latencyThresholdMs}` : "", rule.rate >= 1 ? "AlwaysOn" : `TraceIdRatioBased{${rule.rate}}`];
  return parts.filter(Boolean).join(" + ");
}
