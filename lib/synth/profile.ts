/**
 * What the synthetic traces are built to show, and a check of a batch against it: notebook 05
 * prints the rows, and synth.test.ts requires every one to be met.
 */
import { classifyError, ERROR_TYPES } from "../error-types";
import { isFailed, type Trace } from "../schema";

/** The generator's targets (the assignment's description of realistic support traffic). */
export const SYNTH_TARGETS = {
  /** Most answered requests take 800–2,000 ms: at least this share of them. */
  latency_band_ms: [800, 2000],
  latency_in_band_min_pct: 90,
  /** Outliers reach, but never pass, this. */
  max_latency_ms: 10_000,
  failed_pct: [3, 5],
  tool_success_pct: [90, 95],
  answered_total_tokens: [200, 2000],
  /** Scored traces passing the quality proxy (score at or above the pass threshold). */
  quality_pass_pct: [85, 90],
} as const;

/** A type, not an interface, so a row is a plain record `htmlTable` accepts. */
export type ProfileRow = {
  property: string;
  value: string;
  target: string;
  met: boolean;
};

const share = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);
const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
const pct = (v: number) => `${v.toFixed(1)}%`;
const range = ([lo, hi]: readonly [number, number], unit = "") =>
  `${lo.toLocaleString("en-US")}–${hi.toLocaleString("en-US")}${unit}`;

/** One row per target: what the batch shows, the target, and whether it is met. */
export function synthProfile(traces: readonly Trace[], qualityPassThreshold = 70): ProfileRow[] {
  const t = SYNTH_TARGETS;
  const answered = traces.filter((x) => !isFailed(x));
  const inBand = share(
    answered.filter((x) => within(x.latency_ms, t.latency_band_ms)).length,
    answered.length,
  );
  const slowest = Math.max(0, ...traces.map((x) => x.latency_ms));
  const failed = share(traces.length - answered.length, traces.length);
  const types = new Set(traces.filter(isFailed).map((x) => classifyError(String(x.error))));
  const calls = traces.flatMap((x) => x.tool_calls);
  const toolSuccess = share(calls.filter((c) => c.success).length, calls.length);
  const tokens = answered.map((x) => x.total_tokens);
  const [fewest, most] = [Math.min(...tokens), Math.max(...tokens)];
  const scored = traces.filter((x) => typeof x.quality_score === "number");
  const passing = share(
    scored.filter((x) => (x.quality_score as number) >= qualityPassThreshold).length,
    scored.length,
  );
  const typed = ERROR_TYPES.filter((e) => e !== "other");
  return [
    {
      property: `answered latency in ${range(t.latency_band_ms, " ms")}`,
      value: pct(inBand),
      target: `at least ${t.latency_in_band_min_pct}%`,
      met: inBand >= t.latency_in_band_min_pct,
    },
    {
      property: "slowest request",
      value: `${slowest.toLocaleString("en-US")} ms`,
      target: `≤ ${t.max_latency_ms.toLocaleString("en-US")} ms`,
      met: slowest <= t.max_latency_ms,
    },
    {
      property: "traces with an error",
      value: pct(failed),
      target: range(t.failed_pct, "%"),
      met: within(failed, t.failed_pct),
    },
    {
      property: "error types",
      value: [...types].sort().join(", "),
      target: typed.join(", "),
      met: typed.every((e) => types.has(e)) && !types.has("other"),
    },
    {
      property: "tool calls that succeed",
      value: `${pct(toolSuccess)} of ${calls.length.toLocaleString("en-US")}`,
      target: range(t.tool_success_pct, "%"),
      met: within(toolSuccess, t.tool_success_pct),
    },
    {
      property: "tokens per answered request",
      value: range([fewest, most]),
      target: range(t.answered_total_tokens),
      met: fewest >= t.answered_total_tokens[0] && most <= t.answered_total_tokens[1],
    },
    {
      property: `scored traces passing (≥ ${qualityPassThreshold})`,
      value: pct(passing),
      target: range(t.quality_pass_pct, "%"),
      met: within(passing, t.quality_pass_pct),
    },
  ];
}
