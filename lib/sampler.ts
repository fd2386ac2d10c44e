/**
 * Per-environment trace sampling under the contract: keep every error, every trace slower than
 * the environment's latency threshold, and a deterministic head sample of the rest, chosen by
 * hashing the trace_id so every service (and every re-run) makes the same decision for a trace.
 *
 * Never throws on odd values, like OpenTelemetry's TraceIdRatioBased: a NaN rate clamps to 0,
 * rates clamp to [0, 1], a NaN or null latency threshold disables the latency rule, a NaN
 * latency is not slow. Misuse is a named error: a trace without the fields the decision reads
 * (`TraceFieldError`), or an environment the contract has no rule for (`UnknownEnvironmentError`):
 * such a trace never passed TraceSchema, and guessing would hide the bug that produced it. Batch
 * callers use `summarizeSampling`, which counts and reports these traces instead of dropping them.
 */
import { loadContract, type Contract } from "./contract";
import { isFailed, type Trace } from "./schema";
import { WorkbookError } from "./workbook-error";

export type SampleReason = "error" | "slow" | "head-sample" | "always (env)" | "dropped";
export const SAMPLE_REASONS: readonly SampleReason[] = [
  "error",
  "slow",
  "always (env)",
  "head-sample",
  "dropped",
];

export interface SampleDecision {
  readonly keep: boolean;
  readonly reason: SampleReason;
}

/** The fields a decision reads; a full `Trace` is one. */
export type SampleInput = Pick<Trace, "trace_id" | "environment" | "latency_ms"> & { error?: string | null };

export class UnknownEnvironmentError extends WorkbookError {
  override name = "UnknownEnvironmentError";
  constructor(
    readonly environment: string,
    readonly known: readonly string[],
  ) {
    super(
      `environment "${environment}" has no sampling rule in the contract; known environments: ${known.length ? known.join(", ") : "(none: the contract has no sampling block)"}`,
    );
  }
}

/** A trace that never passed TraceSchema: the sampler names the field rather than guess. */
export class TraceFieldError extends WorkbookError {
  override name = "TraceFieldError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(
      `trace.${field} ${problem}: the sampler needs trace_id, environment and latency_ms (validate with parseTrace first)`,
    );
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
    latencyThresholdMs:
      typeof threshold === "number" && !Number.isNaN(threshold)
        ? Math.max(threshold, 0)
        : Number.POSITIVE_INFINITY,
    hashBelow: rate * TWO_POW_32,
  };
}

/**
 * Rules are compiled once per contract object, so a decision never re-validates or re-reads the
 * contract. A contract object is therefore treated as immutable: to change a rule, pass a copy.
 */
const compiled = new WeakMap<object, Map<string, CompiledRule>>();

let lastContract: object | undefined;
let lastRules: Map<string, CompiledRule> | undefined;

function rulesFor(contract: Contract): Map<string, CompiledRule> {
  if (contract === lastContract) return lastRules!;
  let rules = compiled.get(contract);
  if (rules === undefined) {
    rules = new Map();
    const sampling =
      (contract as { sampling?: Record<string, Partial<Contract["sampling"]["dev"]>> }).sampling ?? {};
    for (const env of Object.keys(sampling)) rules.set(env, compileRule(sampling[env]));
    compiled.set(contract, rules);
  }
  lastContract = contract;
  lastRules = rules;
  return rules;
}

/** A hex digit's value, either case: "0"-"9" give 0-9, "a"-"f" and "A"-"F" give 10-15. */
const nibble = (c: number) => (c & 0xf) + 9 * (c >> 6);

/** The value of 8 hex digits from `start`, skipping the one hyphen a UUID has inside its low 64 bits. */
function hex8(s: string, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 45) v = (v << 4) | nibble(c);
  }
  return v;
}

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const isCanonicalUuid = (id: string) =>
  id.length === 36 &&
  id.charCodeAt(8) === 45 &&
  id.charCodeAt(13) === 45 &&
  id.charCodeAt(18) === 45 &&
  id.charCodeAt(23) === 45;
const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * The trace_id as a uint32, uniform over random ids. A UUID (`8-4-4-4-12`) or a 32-hex
 * OpenTelemetry trace id is read as its low 64 bits (the last 16 hex digits: the part UUIDv4,
 * UUIDv7 and W3C trace-context all keep random), folded to 32 bits (`lo ^ hi * 0x9E3779B1`) and
 * mixed with murmur3's finaliser; so case and hyphens never change a decision, and reading 16
 * digits instead of 32 keeps the sampler above 5 M decisions/s. Any other string is hashed
 * whole with FNV-1a (hyphens skipped, ASCII case folded) and the same finaliser.
 */
export function traceIdHash32(traceId: string): number {
  if (isCanonicalUuid(traceId))
    return fmix32(hex8(traceId, 28, 36) ^ Math.imul(hex8(traceId, 19, 28), 0x9e3779b1));
  if (traceId.length === 32 && HEX32.test(traceId))
    return fmix32(hex8(traceId, 24, 32) ^ Math.imul(hex8(traceId, 16, 24), 0x9e3779b1));
  let h = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) {
    const c = traceId.charCodeAt(i);
    if (c === 45) continue; // "-"
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 0x01000193);
  }
  return fmix32(h);
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
export function sampleDecision(trace: SampleInput, contract: Contract): SampleDecision {
  if (trace === null || typeof trace !== "object")
    throw new TraceFieldError("(root)", `must be an object (got ${trace === null ? "null" : typeof trace})`);
  const { trace_id, environment, latency_ms } = trace;
  if (typeof trace_id !== "string" || trace_id.length === 0)
    throw new TraceFieldError(
      "trace_id",
      trace_id === undefined ? "is required" : "must be a non-empty string",
    );
  if (typeof environment !== "string")
    throw new TraceFieldError("environment", environment === undefined ? "is required" : "must be a string");
  if (typeof latency_ms !== "number")
    throw new TraceFieldError("latency_ms", latency_ms === undefined ? "is required" : "must be a number");
  const rule = rulesFor(contract).get(environment);
  if (rule === undefined) throw new UnknownEnvironmentError(environment, [...rulesFor(contract).keys()]);
  if (rule.alwaysOnError && isFailed(trace)) return KEEP_ERROR;
  if (latency_ms > rule.latencyThresholdMs) return KEEP_SLOW;
  if (rule.rate >= 1) return KEEP_ALWAYS;
  return traceIdHash32(trace_id) < rule.hashBelow ? KEEP_HEAD : DROP;
}

let packageContract: Contract | undefined;

/**
 * Whether to keep a trace under the contract. The assignment's one-argument form,
 * `shouldSample(trace)`, is a convenience for the edge (a notebook cell, a script): it uses the
 * package's own observability_contract.json, loaded once, wherever the process runs. The
 * library's callers pass the contract they loaded.
 */
export function shouldSample(trace: SampleInput, contract?: Contract): boolean {
  return sampleDecision(trace, contract ?? (packageContract ??= loadContract())).keep;
}

/** A one-line description of an environment's rule, in OpenTelemetry's style, e.g. `errors + latency_ms > 5000 + TraceIdRatioBased{0.1}`. */
export function describeSampler(environment: string, contract: Contract): string {
  const rule = rulesFor(contract).get(environment);
  if (rule === undefined) throw new UnknownEnvironmentError(environment, [...rulesFor(contract).keys()]);
  const parts = [
    rule.alwaysOnError ? "errors" : "",
    Number.isFinite(rule.latencyThresholdMs) ? `latency_ms > ${rule.latencyThresholdMs}` : "",
    rule.rate >= 1 ? "AlwaysOn" : `TraceIdRatioBased{${rule.rate}}`,
  ];
  return parts.filter(Boolean).join(" + ");
}
