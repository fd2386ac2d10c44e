/**
 * Seeded multi-week traffic for the drift detector: the Task 5 generator's traces, one batch a
 * week, with a change shipped at a known date. From that date a new prompt (v2.3, "explain in
 * detail") and a new embedding model for retrieval are live: retrieval relevance falls, answers
 * grow longer (and slower to decode), and the quality proxy drops. Same options, same traces.
 */
import type { Contract } from "./contract";
import { tagsFor } from "./contract/tags";
import { isFailed, type Trace } from "./schema";
import { seededRandom } from "./seeded";
import { generateTraces } from "./synth";

export interface DriftTrafficOptions {
  /** The contract whose tag taxonomy the traces carry (`loadContract()`). */
  contract: Contract;
  /** Number of weeks (default 8). */
  weeks?: number;
  /** Traces per week (default 400). */
  perWeek?: number;
  seed?: number;
  /** Monday 00:00 UTC the series starts (default 2025-06-02). */
  start?: string;
  /** 0-based week the change ships at the start of (default 5); null: a stable series with no change. */
  changeWeek?: number | null;
}

export interface DriftChange {
  /** When the change went live (ISO). */
  at: string;
  week_index: number;
  description: string;
  prompt_version: string;
  release: string;
}

export interface DriftTraffic {
  traces: Trace[];
  change: DriftChange | null;
  weeks: number;
  start: string;
}

const WEEK_MS = 7 * 24 * 3_600_000;
/** Decode time per extra output token, as the simulator models it. */
const DECODE_MS_PER_TOKEN = 14;

export const DRIFT_CHANGE = {
  prompt_version: "v2.3",
  release: "2025.07.2",
  description: 'prompt v2.3 ("explain in detail") and a new embedding model for retrieval',
} as const;

/** Applies the change to one answered-or-failed trace, with randomness keyed by the trace id. */
function afterChange(trace: Trace, seed: number, contract: Contract): Trace {
  const random = seededRandom(`${seed}|drift|${trace.trace_id}`);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  // The new embeddings rank the right document lower and with less confidence.
  const retrieved_docs = trace.retrieved_docs.map((doc) => ({
    ...doc,
    relevance_score: Math.round(doc.relevance_score * between(0.6, 0.9) * 1000) / 1000,
  }));
  const out: Trace = {
    ...trace,
    retrieved_docs,
    prompt_version: DRIFT_CHANGE.prompt_version,
    release: DRIFT_CHANGE.release,
  };
  if (!isFailed(trace) && trace.completion_tokens !== undefined) {
    const completion = Math.round(trace.completion_tokens * between(1.25, 1.75));
    out.completion_tokens = completion;
    out.total_tokens = (trace.prompt_tokens ?? 0) + completion;
    out.latency_ms =
      Math.round((trace.latency_ms + (completion - trace.completion_tokens) * DECODE_MS_PER_TOKEN) * 10) / 10;
  }
  if (trace.quality_score !== undefined)
    out.quality_score = Math.max(0, Math.round(trace.quality_score - between(5, 25)));
  out.tags = tagsFor(out, contract);
  return out;
}

export function generateDriftTraffic(options: DriftTrafficOptions): DriftTraffic {
  const { weeks = 8, perWeek = 400, seed = 42, start = "2025-06-02T00:00:00.000Z", changeWeek = 5 } = options;
  const t0 = Date.parse(start);
  const traces: Trace[] = [];
  for (let week = 0; week < weeks; week++) {
    const batch = generateTraces({
      contract: options.contract,
      n: perWeek,
      seed: seed * 1000 + week,
      start: new Date(t0 + week * WEEK_MS).toISOString(),
      spanHours: 7 * 24,
    });
    const changed = changeWeek !== null && week >= changeWeek;
    traces.push(...(changed ? batch.map((t) => afterChange(t, seed, options.contract)) : batch));
  }
  const change: DriftChange | null =
    changeWeek === null || changeWeek >= weeks
      ? null
      : { at: new Date(t0 + changeWeek * WEEK_MS).toISOString(), week_index: changeWeek, ...DRIFT_CHANGE };
  return { traces, change, weeks, start };
}
