/**
 * The north-star metrics and time to first token as Prometheus series (prom-client), fed from
 * each request's redacted trace by a `RecordSink`. Names and values follow Prometheus's naming
 * rules (base units: seconds and ratios; `_total` counters; no abbreviated units), so the
 * traces' milliseconds are divided by 1,000 here, once. `promtool check metrics` checks a real
 * scrape in the tests. Labels are low-cardinality by construction: enums, or allow-listed short
 * identifiers with a cap on distinct values; never user data.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { classifyError } from "./error-types";
import { nullIfUnpriced, priceTrace, type ModelPrice } from "./pricing";
import { DEFAULT_QUALITY_PASS_THRESHOLD } from "./collector/trace-metrics";
import { METRIC_NAMES } from "./prometheus/promql";
import type { AnswerRecord, ExportResult, RecordSink } from "./record";
import { CUSTOMER_TIERS, ENVIRONMENTS, isFailed, type Trace } from "./schema";

/**
 * Request duration buckets in seconds, 50 ms .. 30 s. Every p95 threshold line (3 s / 5 s / 10 s)
 * and the latency SLO's 3 s are bucket edges, so histogram_quantile and the SLO's good-event
 * count are exact at the lines that matter (a test checks this against the contract).
 */
export const LATENCY_BUCKETS_SECONDS = [
  0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30,
] as const;

/** Time-to-first-token buckets in seconds, 50 ms .. 10 s, with edges at the TTFT lines (0.8 s / 1.5 s / 3 s). */
export const TTFT_BUCKETS_SECONDS = [
  0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 5, 10,
] as const;

/** A trace's milliseconds as Prometheus's base unit, seconds (rounded to the microsecond: no float noise in _sum). */
const seconds = (ms: number) => Math.round(ms * 1000) / 1e6;

const LABELS = ["environment", "customer_tier", "prompt_version", "model"] as const;
type Labels = Record<(typeof LABELS)[number], string>;

export interface LlmMetrics {
  latency: Histogram<(typeof LABELS)[number]>;
  ttft: Histogram<(typeof LABELS)[number]>;
  requests: Counter<(typeof LABELS)[number]>;
  failures: Counter<(typeof LABELS)[number] | "error_type">;
  toolCalls: Counter<(typeof LABELS)[number] | "tool" | "success">;
  costUsd: Counter<(typeof LABELS)[number]>;
  pricedRequests: Counter<(typeof LABELS)[number]>;
  tokens: Counter<(typeof LABELS)[number] | "kind">;
  qualityScored: Counter<(typeof LABELS)[number]>;
  qualityPassed: Counter<(typeof LABELS)[number]>;
  qualityRatio: Gauge<(typeof LABELS)[number]>;
}

/** Returns the metric already registered under `name`, or registers a new one (safe to call twice). */
/** The metric named `name` on `registry`, made by `make()` the first time (a re-run cell or a second app shares it). */
export function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * A counter whose value is read from its source at each scrape (a sink's own monotonic counts),
 * so `/metrics` and `/healthz` can never disagree. `read` returns one value, or `[labels, value]` pairs.
 */
export function scrapedCounter<L extends string = never>(
  registry: Registry,
  options: {
    name: string;
    help: string;
    labelNames?: L[];
    read: () => number | [Record<L, string>, number][];
  },
): void {
  once(
    registry,
    options.name,
    () =>
      new Counter<L>({
        name: options.name,
        help: options.help,
        labelNames: options.labelNames ?? [],
        registers: [registry],
        collect() {
          this.reset();
          const value = options.read();
          if (typeof value === "number") this.inc(value);
          else for (const [labels, n] of value) this.inc(labels as never, n);
        },
      }),
  );
}

/** Registers the LLM metrics on `registry` (idempotent: a notebook may re-run its cell). */
export function registerLlmMetrics(registry: Registry): LlmMetrics {
  const registers = [registry];
  const labelNames = [...LABELS];
  return {
    latency: once(
      registry,
      METRIC_NAMES.latency,
      () =>
        new Histogram({
          name: METRIC_NAMES.latency,
          help: "End-to-end /ask duration in seconds, failed requests included.",
          labelNames,
          buckets: [...LATENCY_BUCKETS_SECONDS],
          registers,
        }),
    ),
    ttft: once(
      registry,
      METRIC_NAMES.ttft,
      () =>
        new Histogram({
          name: METRIC_NAMES.ttft,
          help: "Seconds from the LLM request to its first streamed token (answered requests only).",
          labelNames,
          buckets: [...TTFT_BUCKETS_SECONDS],
          registers,
        }),
    ),
    requests: once(
      registry,
      METRIC_NAMES.requests,
      () =>
        new Counter({
          name: METRIC_NAMES.requests,
          help: "Answered or failed LLM requests.",
          labelNames,
          registers,
        }),
    ),
    failures: once(
      registry,
      METRIC_NAMES.failures,
      () =>
        new Counter({
          name: METRIC_NAMES.failures,
          help: "Requests whose trace carries an error, by classified error type.",
          labelNames: [...LABELS, "error_type"],
          registers,
        }),
    ),
    toolCalls: once(
      registry,
      METRIC_NAMES.toolCalls,
      () =>
        new Counter({
          name: METRIC_NAMES.toolCalls,
          help: "Tool calls made while answering, by tool and success.",
          labelNames: [...LABELS, "tool", "success"],
          registers,
        }),
    ),
    costUsd: once(
      registry,
      METRIC_NAMES.costUsd,
      () =>
        new Counter({
          name: METRIC_NAMES.costUsd,
          help: "LLM cost in USD from token usage and the versioned price table.",
          labelNames,
          registers,
        }),
    ),
    pricedRequests: once(
      registry,
      METRIC_NAMES.pricedRequests,
      () =>
        new Counter({
          name: METRIC_NAMES.pricedRequests,
          help: "Requests whose cost could be computed (the denominator of average cost).",
          labelNames,
          registers,
        }),
    ),
    tokens: once(
      registry,
      METRIC_NAMES.tokens,
      () =>
        new Counter({
          name: METRIC_NAMES.tokens,
          help: "Tokens used, by kind (prompt or completion).",
          labelNames: [...LABELS, "kind"],
          registers,
        }),
    ),
    qualityScored: once(
      registry,
      METRIC_NAMES.qualityScored,
      () =>
        new Counter({
          name: METRIC_NAMES.qualityScored,
          help: "Requests carrying a quality_score.",
          labelNames,
          registers,
        }),
    ),
    qualityPassed: once(
      registry,
      METRIC_NAMES.qualityPassed,
      () =>
        new Counter({
          name: METRIC_NAMES.qualityPassed,
          help: "Scored requests passing the quality proxy (score >= the pass threshold).",
          labelNames,
          registers,
        }),
    ),
    qualityRatio: once(
      registry,
      METRIC_NAMES.qualityRatio,
      () =>
        new Gauge({
          name: METRIC_NAMES.qualityRatio,
          help: "Share (0..1) of scored requests passing the quality proxy since the process started.",
          labelNames,
          registers,
        }),
    ),
  };
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Caps a free-text label at `limit` distinct allow-listed values; everything else becomes "other". */
export class LabelGuard {
  private readonly seen = new Set<string>();
  constructor(readonly limit = 32) {}
  value(raw: unknown): string {
    const text = typeof raw === "string" ? raw : "";
    if (!IDENTIFIER.test(text)) return "other";
    if (this.seen.has(text)) return text;
    if (this.seen.size >= this.limit) return "other";
    this.seen.add(text);
    return text;
  }
}

export interface ObserverOptions {
  /** A quality_score at or above this passes (default 70, as in MetricsCollector). */
  qualityPassThreshold?: number;
  price?: (model: string) => ModelPrice;
  /** Distinct values kept per free-text label (prompt_version, model, tool) before "other". */
  labelLimit?: number;
}

/** Turns traces into observations on the metrics, with the collector's definitions. */
export function createTraceObserver(
  metrics: LlmMetrics,
  options: ObserverOptions = {},
): (trace: Trace) => void {
  const threshold = options.qualityPassThreshold ?? DEFAULT_QUALITY_PASS_THRESHOLD;
  // An unknown model is not priced, exactly as the collector counts it.
  const priceOf = nullIfUnpriced(options.price);

  const guards = {
    prompt: new LabelGuard(options.labelLimit),
    model: new LabelGuard(options.labelLimit),
    tool: new LabelGuard(options.labelLimit),
  };
  const quality = new Map<string, { scored: number; passed: number }>();
  const enumValue = (value: unknown, allowed: readonly string[]) =>
    allowed.includes(value as string) ? (value as string) : "other";

  return (trace: Trace) => {
    const labels: Labels = {
      environment: enumValue(trace.environment, ENVIRONMENTS),
      customer_tier: enumValue(trace.customer_tier, CUSTOMER_TIERS),
      prompt_version: guards.prompt.value(trace.prompt_version),
      model: guards.model.value(trace.model_name),
    };
    metrics.requests.inc(labels);
    if (Number.isFinite(trace.latency_ms) && trace.latency_ms >= 0)
      metrics.latency.observe(labels, seconds(trace.latency_ms));
    const ttft = trace.ttft_ms;
    if (typeof ttft === "number" && Number.isFinite(ttft) && ttft >= 0)
      metrics.ttft.observe(labels, seconds(ttft));
    if (isFailed(trace)) metrics.failures.inc({ ...labels, error_type: classifyError(String(trace.error)) });
    for (const call of trace.tool_calls ?? [])
      metrics.toolCalls.inc({
        ...labels,
        tool: guards.tool.value(call.tool_name),
        success: call.success === true ? "true" : "false",
      });

    const p = trace.prompt_tokens;
    const c = trace.completion_tokens;
    if (typeof p === "number" && typeof c === "number") {
      metrics.tokens.inc({ ...labels, kind: "prompt" }, p);
      metrics.tokens.inc({ ...labels, kind: "completion" }, c);
    }
    const pricing = priceTrace(trace, priceOf);
    if (pricing.priced) {
      metrics.pricedRequests.inc(labels);
      if (pricing.usd > 0) metrics.costUsd.inc(labels, pricing.usd);
    }

    if (typeof trace.quality_score === "number" && !Number.isNaN(trace.quality_score)) {
      const passed = trace.quality_score >= threshold;
      metrics.qualityScored.inc(labels);
      if (passed) metrics.qualityPassed.inc(labels);
      const key = JSON.stringify(labels);
      const q = quality.get(key) ?? { scored: 0, passed: 0 };
      q.scored++;
      if (passed) q.passed++;
      quality.set(key, q);
      metrics.qualityRatio.set(labels, q.passed / q.scored);
    }
  };
}

/** A `RecordSink` that observes each request's trace into `registry`'s LLM metrics. */
export function createPrometheusSink(
  registry: Registry,
  options: ObserverOptions = {},
): RecordSink & { readonly metrics: LlmMetrics; readonly dropped: number } {
  const metrics = registerLlmMetrics(registry);
  const observe = createTraceObserver(metrics, options);
  let dropped = 0;
  const ok = async (): Promise<ExportResult> =>
    dropped ? { code: "FAILED", error: `${dropped} record(s) could not be observed` } : { code: "SUCCESS" };
  return {
    name: "prometheus",
    metrics,
    get dropped() {
      return dropped;
    },
    record(record: AnswerRecord) {
      try {
        observe(record.trace);
      } catch {
        dropped++; // counted and reported by flush(), never thrown into the request path
      }
    },
    flush: ok,
    shutdown: ok,
  };
}
