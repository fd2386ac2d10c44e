/**
 * The counting half of the metrics, shared by the batch `MetricsCollector` and the streaming
 * collector so both use identical definitions. Latency storage is left to the caller: an
 * exact array in batch mode, a quantile sketch in streaming mode.
 */
import { ERROR_TYPES, classifyError, type ErrorType } from "../error-types";
import { nullIfUnpriced, priceTrace, type ModelPrice } from "../pricing";
import { isFailed, type Trace } from "../schema";
import type { TraceMetrics } from "./trace-metrics";

/** Unknown model names kept for the report; beyond this many, only the count grows (bounded memory). */
const MAX_UNKNOWN_MODELS = 50;

const rate = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

export interface LatencySummary {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Time-to-first-token percentiles (absent: no TTFT measured). */
  ttftP50?: number | null;
  ttftP95?: number | null;
}

export class TraceTally {
  measured = 0;
  invalid = 0;
  latencyCount = 0;
  latencySum = 0;
  latencyMax = -Infinity;
  latencyInvalid = 0;
  ttftCount = 0;
  failures = 0;
  toolCalls = 0;
  toolSuccesses = 0;
  cost = 0;
  priced = 0;
  noSplit = 0;
  unknownModel = 0;
  scored = 0;
  passed = 0;
  readonly errorsByType = Object.fromEntries(ERROR_TYPES.map((t) => [t, 0])) as Record<ErrorType, number>;
  private readonly prices = new Map<string, ModelPrice | null>();
  private lastModel: string | undefined = undefined;
  private lastPrice: ModelPrice | null | undefined = undefined;

  private readonly priceOrNull: (model: string) => ModelPrice | null;

  constructor(
    readonly qualityPassThreshold: number,
    price: (model: string) => ModelPrice,
  ) {
    this.priceOrNull = nullIfUnpriced(price);
  }

  /** Counts one trace; returns its latency, or -1 when it has none usable (counted, not dropped). */
  add(t: Trace): number {
    if (t === null || typeof t !== "object") {
      this.invalid++;
      return -1;
    }
    this.measured++;
    if (isFailed(t)) {
      this.failures++;
      this.errorsByType[classifyError(String(t.error))]++;
    }
    const calls = t.tool_calls;
    if (calls !== undefined && calls !== null) {
      for (let k = 0; k < calls.length; k++) {
        this.toolCalls++;
        if (calls[k].success === true) this.toolSuccesses++;
      }
    }
    const pricing = priceTrace(t, this.priceOf);
    if (pricing.priced) {
      this.priced++;
      this.cost += pricing.usd;
    } else if (pricing.reason === "unknown_model") this.unknownModel++;
    else this.noSplit++;

    const q = t.quality_score;
    if (typeof q === "number" && q === q) {
      this.scored++;
      if (q >= this.qualityPassThreshold) this.passed++;
    }

    const latency = t.latency_ms;
    if (typeof latency === "number" && latency >= 0 && latency < Infinity) {
      this.latencyCount++;
      this.latencySum += latency;
      if (latency > this.latencyMax) this.latencyMax = latency;
      return latency;
    }
    this.latencyInvalid++;
    return -1;
  }

  /** A trace's usable `ttft_ms`, counted; -1 when it has none (failed or non-streamed). Call after `add`. */
  ttft(t: Trace): number {
    const ttft = t !== null && typeof t === "object" ? t.ttft_ms : undefined;
    if (typeof ttft === "number" && ttft >= 0 && ttft < Infinity) {
      this.ttftCount++;
      return ttft;
    }
    return -1;
  }

  /** Adds another tally's counts (same threshold and prices assumed). */
  merge(other: TraceTally): void {
    for (const key of [
      "measured",
      "invalid",
      "latencyCount",
      "latencySum",
      "latencyInvalid",
      "ttftCount",
      "failures",
      "toolCalls",
      "toolSuccesses",
      "cost",
      "priced",
      "noSplit",
      "unknownModel",
      "scored",
      "passed",
    ] as const) {
      this[key] += other[key];
    }
    this.latencyMax = Math.max(this.latencyMax, other.latencyMax);
    for (const type of ERROR_TYPES) this.errorsByType[type] += other.errorsByType[type];
    for (const [model, price] of other.prices) if (!this.prices.has(model)) this.prices.set(model, price);
  }

  finish(latency: LatencySummary): TraceMetrics {
    const unknown = [...this.prices.entries()].filter(([, price]) => price === null).map(([model]) => model);
    const hasLatency = this.latencyCount > 0;
    return {
      traces: this.measured,
      failures: this.failures,
      failure_rate: rate(this.failures, this.measured),
      p50_latency_ms: latency.p50,
      p95_latency_ms: latency.p95,
      p99_latency_ms: latency.p99,
      mean_latency_ms: hasLatency ? this.latencySum / this.latencyCount : null,
      max_latency_ms: hasLatency ? this.latencyMax : null,
      p50_ttft_ms: latency.ttftP50 ?? null,
      p95_ttft_ms: latency.ttftP95 ?? null,
      ttft_measured: this.ttftCount,
      tool_calls: this.toolCalls,
      tool_successes: this.toolSuccesses,
      tool_success_rate: rate(this.toolSuccesses, this.toolCalls),
      total_cost_usd: this.cost,
      avg_cost_per_request: this.priced > 0 ? this.cost / this.priced : null,
      cost_priced: this.priced,
      cost_unpriced: this.noSplit + this.unknownModel,
      cost_unpriced_no_token_split: this.noSplit,
      cost_unpriced_unknown_model: this.unknownModel,
      unknown_models: unknown.sort(),
      quality_scored: this.scored,
      quality_passed: this.passed,
      quality_proxy_rate: rate(this.passed, this.scored),
      quality_pass_threshold: this.qualityPassThreshold,
      errors_by_type: { ...this.errorsByType },
      latency_invalid: this.latencyInvalid,
      invalid_traces: this.invalid,
    };
  }

  /** The price of `model`, cached: consecutive traces mostly share a model, so compare before hashing into the map. */
  private readonly priceOf = (model: string): ModelPrice | null => {
    let price = model === this.lastModel ? this.lastPrice : this.prices.get(model);
    if (price === undefined) price = this.lookup(model);
    this.lastModel = model;
    this.lastPrice = price;
    return price;
  };

  private lookup(model: string): ModelPrice | null {
    // null: counted in cost_unpriced_unknown_model and listed in unknown_models
    const price = this.priceOrNull(String(model));
    // Known models are few; unknown names could be unbounded garbage, so stop remembering them.
    const unknownKept = [...this.prices.values()].filter((v) => v === null).length;
    if (price !== null || unknownKept < MAX_UNKNOWN_MODELS) this.prices.set(model, price);
    return price;
  }
}
