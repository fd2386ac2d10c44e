/**
 * Seeded synthetic traces for Task 5 (and the sampler demo): schema-valid `Trace`s whose
 * distributions match what the support bot sees in production. Same seed, same traces.
 *
 * Distributions (the test checks each):
 * - latency: ~94% between 800 and 2,000 ms, the rest log-uniform outliers up to 10,000 ms
 *   (a timeout is exactly the 10,000 ms client timeout);
 * - errors: `errorRate` (4%) of traces, typed `rate_limit | timeout | context_overflow |
 *   provider_5xx`; the free tier fails more often, mostly on rate limits; a failed call bills no tokens;
 * - tool calls: about half the traces call 1-2 tools, ~92% of calls succeed (per-tool rates differ);
 * - tokens: 200-2,000 per successful request, split into prompt and completion;
 * - quality proxy: 90% of answered traces carry a `quality_score`; ~88% of those pass (>= 70),
 *   lower for the chatty v1.0 prompt.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Faker, en } from "@faker-js/faker";
import type { CustomerTier, Environment, RetrievedDoc, ToolCall, Trace } from "./schema";
import type { ErrorType } from "./error-types";
import { hashUserId } from "./redact";
import type { Contract } from "./contract";
import { tagsFor } from "./contract/tags";
import { packagePath } from "./package-root";

export interface SynthOptions {
  /** The contract whose tag taxonomy the traces carry (`loadContract()`). */
  contract: Contract;
  /** Number of traces (default 1,000). */
  n?: number;
  seed?: number;
  /** First timestamp; traces are spread evenly (with jitter) over `spanHours` after it. */
  start?: string;
  spanHours?: number;
  /** Share of traces that fail (default 0.04). */
  errorRate?: number;
  /** Share of successful traces slower than 2,000 ms (default 0.06). */
  outlierRate?: number;
  /** Share of traces that call at least one tool (default 0.5). */
  toolCallRate?: number;
  /** Share of answered traces that carry a quality_score (default 0.9). */
  qualityScoredRate?: number;
}

type Weighted<T> = readonly { value: T; weight: number }[];

export const SYNTH_ENVIRONMENTS: Weighted<Environment> = [
  { value: "production", weight: 70 },
  { value: "staging", weight: 20 },
  { value: "dev", weight: 10 },
];
export const SYNTH_TIERS: Weighted<CustomerTier> = [
  { value: "free", weight: 55 },
  { value: "pro", weight: 35 },
  { value: "enterprise", weight: 10 },
];
/** Prompt versions with the probability that a scored answer passes the quality proxy. */
export const SYNTH_PROMPT_VERSIONS: readonly { value: string; weight: number; qualityPass: number }[] = [
  { value: "v1.0", weight: 30, qualityPass: 0.78 },
  { value: "v2.1", weight: 60, qualityPass: 0.93 },
  { value: "v2.2", weight: 10, qualityPass: 0.9 },
];
/** Models the generator uses; every one is priced in lib/pricing.ts. `speed` scales latency. */
export const SYNTH_MODELS: readonly { value: string; weight: number; speed: number }[] = [
  { value: "gpt-4o-mini", weight: 75, speed: 1 },
  { value: "gpt-4o", weight: 15, speed: 1.12 },
  { value: "gpt-4.1-mini", weight: 10, speed: 0.95 },
];
/** Tools the bot calls, with per-tool success rates (the overall rate lands near 92%). */
export const SYNTH_TOOLS: readonly { value: string; weight: number; success: number; failure: string }[] = [
  { value: "order_lookup", weight: 40, success: 0.96, failure: "order service returned 404 for order id" },
  { value: "refund_status", weight: 30, success: 0.9, failure: "refund service timed out after 3000 ms" },
  { value: "account_lookup", weight: 20, success: 0.93, failure: "account service returned 503" },
  { value: "shipping_tracker", weight: 10, success: 0.82, failure: "carrier API rate limited the request" },
];
/** Error types per tier: free-tier keys share small quotas, so their failures are mostly rate limits. */
const ERROR_MIX: Record<CustomerTier, Weighted<ErrorType>> = {
  free: [
    { value: "rate_limit", weight: 60 },
    { value: "timeout", weight: 15 },
    { value: "provider_5xx", weight: 17 },
    { value: "context_overflow", weight: 8 },
  ],
  pro: [
    { value: "rate_limit", weight: 25 },
    { value: "timeout", weight: 30 },
    { value: "provider_5xx", weight: 33 },
    { value: "context_overflow", weight: 12 },
  ],
  enterprise: [
    { value: "rate_limit", weight: 10 },
    { value: "timeout", weight: 35 },
    { value: "provider_5xx", weight: 40 },
    { value: "context_overflow", weight: 15 },
  ],
};
/** Relative failure odds: free-tier keys hit rate limits, dev runs unreleased code. */
const TIER_ERROR_ODDS: Record<CustomerTier, number> = { free: 1.3, pro: 0.7, enterprise: 0.5 };
const ENV_ERROR_ODDS: Record<Environment, number> = { dev: 1.6, staging: 1.1, production: 0.9 };
const TIMEOUT_MS = 10_000;

/** A small slice of the support KB: each row's question is answered by its text. */
const KB: readonly { source: string; text: string; questions: readonly ((order: string) => string)[] }[] = [
  {
    source: "kb/refund-policy.md",
    text: "Refunds are issued to the original payment method within 14 days of approval.",
    questions: [(o) => `How do I get a refund for order #${o}?`, () => "How long does a refund take?"],
  },
  {
    source: "kb/plans-and-pricing.md",
    text: "The Pro plan costs $49 per month and includes 5 seats.",
    questions: [() => "What does the Pro plan cost per month?", () => "How many seats come with Pro?"],
  },
  {
    source: "kb/api-rate-limits.md",
    text: "Free keys allow 60 requests per minute; Pro keys allow 600.",
    questions: [
      () => "What is the API rate limit on a free key?",
      () => "Why am I getting 429 errors from the API?",
    ],
  },
  {
    source: "kb/account-security.md",
    text: "Two-factor authentication can be enforced for every member of an Enterprise workspace.",
    questions: [() => "Can I enforce two-factor authentication for my whole team?"],
  },
  {
    source: "kb/shipping.md",
    text: "Standard shipping takes 3-5 business days; express takes 1-2.",
    questions: [
      (o) => `Where is my order ${o}? My email is [REDACTED_EMAIL].`,
      () => "How long does standard shipping take?",
    ],
  },
  {
    source: "kb/cancellation.md",
    text: "Cancelling keeps the plan active until the end of the billing period.",
    questions: [() => "If I cancel today, when does my plan stop?"],
  },
  {
    source: "kb/data-export.md",
    text: "Workspace owners can export all data as JSON from Settings > Export.",
    questions: [() => "How do I export my workspace data?"],
  },
];

function errorMessage(type: ErrorType, model: string): string {
  switch (type) {
    case "rate_limit":
      return `rate_limit: 429 Rate limit reached for ${model} on tokens per min`;
    case "timeout":
      return `timeout: request timed out after ${TIMEOUT_MS} ms`;
    case "context_overflow":
      return `context_overflow: 400 maximum context length exceeded for ${model}`;
    case "provider_5xx":
      return "provider_5xx: 503 The server is overloaded or not ready yet";
    default:
      return "other: unexpected error";
  }
}

/** Generates `n` schema-valid traces. Deterministic: the same options give identical traces. */
export function generateTraces(options: SynthOptions): Trace[] {
  const {
    n = 1000,
    seed = 42,
    start = "2025-06-01T00:00:00.000Z",
    spanHours = 24,
    errorRate = 0.04,
    outlierRate = 0.06,
    toolCallRate = 0.5,
    qualityScoredRate = 0.9,
  } = options;
  const f = new Faker({ locale: [en], seed });
  const pick = <T>(items: Weighted<T>): T => f.helpers.weightedArrayElement(items);
  // weightedArrayElement returns `value`; these tables need the whole row.
  const rows = <R extends { weight: number }>(items: readonly R[]) =>
    items.map((row) => ({ weight: row.weight, value: row }));
  const promptRows = rows(SYNTH_PROMPT_VERSIONS);
  const modelRows = rows(SYNTH_MODELS);
  const toolRows = rows(SYNTH_TOOLS);
  const between = (lo: number, hi: number) => lo + (hi - lo) * f.number.float({ min: 0, max: 1 });
  const chance = (p: number) => f.number.float({ min: 0, max: 1 }) < p;

  // Normalise the odds so the overall failure rate is errorRate whatever the mix.
  let meanOdds = 0;
  const totalEnv = SYNTH_ENVIRONMENTS.reduce((s, e) => s + e.weight, 0);
  const totalTier = SYNTH_TIERS.reduce((s, t) => s + t.weight, 0);
  for (const e of SYNTH_ENVIRONMENTS)
    for (const t of SYNTH_TIERS)
      meanOdds +=
        (e.weight / totalEnv) * (t.weight / totalTier) * ENV_ERROR_ODDS[e.value] * TIER_ERROR_ODDS[t.value];

  const t0 = Date.parse(start);
  const step = (spanHours * 3_600_000) / Math.max(n, 1);
  const traces: Trace[] = [];
  for (let i = 0; i < n; i++) {
    const environment = pick(SYNTH_ENVIRONMENTS);
    const customer_tier = pick(SYNTH_TIERS);
    const prompt = pick(promptRows);
    const model = pick(modelRows);
    const failed = chance(
      (errorRate * ENV_ERROR_ODDS[environment] * TIER_ERROR_ODDS[customer_tier]) / meanOdds,
    );
    const errorType = failed ? pick(ERROR_MIX[customer_tier]) : undefined;

    // The doc that answers the question usually ranks first; scores fall with rank.
    const topic = f.helpers.arrayElement(KB);
    const others = f.helpers.arrayElements(
      KB.filter((doc) => doc !== topic),
      f.number.int({ min: 1, max: 3 }),
    );
    const ranked = chance(0.85) ? [topic, ...others] : [...others, topic];
    let score = between(0.55, 1);
    const docs: RetrievedDoc[] = ranked.map((doc) => {
      const relevance_score = Math.round(score * 1000) / 1000;
      score = Math.max(0.01, score - between(0.05, 0.25));
      return { content: doc.text, source: doc.source, relevance_score };
    });

    const tools: ToolCall[] = [];
    if (chance(toolCallRate)) {
      const count = chance(0.8) ? 1 : 2;
      for (let k = 0; k < count; k++) {
        const tool = pick(toolRows);
        const success = chance(tool.success);
        tools.push({
          tool_name: tool.value,
          input: { order_id: f.string.numeric(6) },
          output: success
            ? { status: f.helpers.arrayElement(["shipped", "processing", "refunded", "active"]) }
            : null,
          latency_ms: Math.round(between(40, 450)),
          success,
          ...(success ? {} : { error: tool.failure }),
        });
      }
    }
    const toolMs = tools.reduce((s, t) => s + t.latency_ms, 0);

    let prompt_tokens = 0;
    let completion_tokens = 0;
    let latency_ms: number;
    let outlier = false;
    if (errorType === undefined) {
      prompt_tokens =
        160 + docs.length * f.number.int({ min: 50, max: 260 }) + (prompt.value === "v1.0" ? 120 : 0);
      completion_tokens =
        prompt.value === "v1.0" ? f.number.int({ min: 150, max: 520 }) : f.number.int({ min: 40, max: 300 });
      // Mostly 800-2,000 ms, longer answers slower; a few outliers (cold caches, slow tools, queueing).
      outlier = chance(outlierRate);
      latency_ms = outlier
        ? Math.exp(between(Math.log(2000), Math.log(TIMEOUT_MS - 1)))
        : Math.min(
            2000,
            Math.max(
              800,
              (800 + 1200 * (0.55 * (completion_tokens / 520) + 0.45 * f.number.float({ min: 0, max: 1 }))) *
                model.speed,
            ),
          );
      latency_ms = Math.max(latency_ms, toolMs + 300);
    } else if (errorType === "timeout") {
      latency_ms = TIMEOUT_MS;
    } else {
      // Rate limits and 5xx fail after the SDK's retries; context overflow fails at once.
      latency_ms = errorType === "context_overflow" ? between(80, 300) : between(300, 1800);
      latency_ms = Math.max(latency_ms, toolMs + 50);
    }
    latency_ms = Math.round(latency_ms * 10) / 10;

    const scored = errorType === undefined && chance(qualityScoredRate);
    const quality_score = scored
      ? Math.round(chance(prompt.qualityPass) ? between(70, 100) : between(15, 69.9))
      : undefined;
    const question = f.helpers.arrayElement(topic.questions)(f.string.numeric(6));

    const trace: Trace = {
      trace_id: f.string.uuid(),
      timestamp: new Date(t0 + Math.floor((i + f.number.float({ min: 0, max: 1 })) * step)).toISOString(),
      environment,
      customer_tier,
      prompt_version: prompt.value,
      model_name: model.value,
      input_text: question,
      output_text: errorType === undefined ? `${docs[0].content} (source: ${docs[0].source})` : "",
      retrieved_docs: docs,
      tool_calls: tools,
      total_tokens: prompt_tokens + completion_tokens,
      latency_ms,
      tags: [],
      prompt_tokens,
      completion_tokens,
      // Hashed exactly as the service hashes real ids, from a pool of 400 customers.
      user_id_hash: hashUserId(`cust-${f.number.int({ min: 1, max: 400 })}`),
      release: environment === "production" ? "2025.06.1" : "2025.06.2-rc1",
    };
    if (errorType !== undefined) trace.error = errorMessage(errorType, model.value);
    if (quality_score !== undefined) trace.quality_score = quality_score;
    if (errorType === undefined) {
      // Time to first token is the model's prefill: ~220 ms plus 0.15 ms per prompt token (the simulator's
      // model), times the model's speed and +-25% jitter. An outlier's extra wait is half queueing before
      // the first token. The first token always comes after the tools and before the answer ends.
      const prefill = (220 + 0.15 * prompt_tokens) * model.speed * between(0.75, 1.25);
      const queued = outlier ? 0.5 * Math.max(0, latency_ms - 2000) : 0;
      trace.ttft_ms = Math.round(Math.min(prefill + queued, latency_ms - toolMs - 50));
    }
    trace.tags = tagsFor(trace, options.contract); // the contract's taxonomy, exactly as the service tags its traces
    traces.push(trace);
  }
  return traces;
}

/** The notebook's synthetic batch inside the package; `writeSyntheticTraces()` writes it under the package root. */
export const SYNTHETIC_TRACES_PATH = "data/traces/synthetic.jsonl";

/** Writes the notebook's synthetic batch as JSONL (1,000 traces by default) and returns the path and count. */
export function writeSyntheticTraces(options: SynthOptions & { path?: string }): {
  path: string;
  count: number;
} {
  const path = resolve(options.path ?? packagePath(SYNTHETIC_TRACES_PATH));
  const traces = generateTraces(options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, traces.map((t) => JSON.stringify(t)).join("\n") + "\n");
  return { path, count: traces.length };
}
