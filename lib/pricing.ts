/**
 * The versioned price table, in USD per 1M tokens (OpenAI's published list prices for
 * standard, non-cached, non-batch usage). The contract records `PRICE_TABLE_VERSION`, so a
 * cost figure can always be traced to the prices it used.
 */
import { WorkbookError } from "./workbook-error";
export const PRICE_TABLE_VERSION = "openai-2025-06";

export interface ModelPrice {
  input_per_1m: number;
  output_per_1m: number;
}

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o-mini": { input_per_1m: 0.15, output_per_1m: 0.6 },
  "gpt-4o": { input_per_1m: 2.5, output_per_1m: 10 },
  "gpt-4.1": { input_per_1m: 2, output_per_1m: 8 },
  "gpt-4.1-mini": { input_per_1m: 0.4, output_per_1m: 1.6 },
  "gpt-4.1-nano": { input_per_1m: 0.1, output_per_1m: 0.4 },
  "gpt-3.5-turbo": { input_per_1m: 0.5, output_per_1m: 1.5 },
};

export class UnknownModelError extends WorkbookError {
  override name = "UnknownModelError";
  constructor(readonly model: string) {
    super(
      `model_name "${model}" has no price in table ${PRICE_TABLE_VERSION}; known models: ${Object.keys(PRICES).join(", ")}`,
    );
  }
}

/** The base model of a dated snapshot (`gpt-4o-mini-2024-07-18` -> `gpt-4o-mini`); other names as they are. */
export const baseModel = (model: string): string => model.replace(/-\d{4}-\d{2}-\d{2}$/, "");

/** The API answers with dated snapshots (`gpt-4o-mini-2024-07-18`); they cost what their base model costs. */
export function priceFor(model: string): ModelPrice {
  const price = PRICES[model] ?? PRICES[baseModel(model)];
  if (!price) throw new UnknownModelError(model);
  return price;
}

/**
 * A price lookup that answers null for a model it cannot price instead of throwing: what
 * `priceTrace` takes, made from `priceFor` or a caller's own table.
 */
export const nullIfUnpriced =
  (price: (model: string) => ModelPrice = priceFor) =>
  (model: string): ModelPrice | null => {
    try {
      return price(model);
    } catch {
      return null;
    }
  };

export interface Cost {
  input: number;
  output: number;
  total: number;
}

/** USD for a call at a known price: the one cost formula the collector, the Prometheus sink and `costBreakdown` share. */
export function costAt(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input_per_1m + completionTokens * price.output_per_1m) / 1_000_000;
}

/** Whether a trace is priced, and at what: priced traces are the denominator of the average cost. */
// One shape, not a union: the tslab kernel type-checks lib/ without strict null checks, where a
// union on `priced` does not narrow.
export interface TracePricing {
  priced: boolean;
  /** USD when priced, else 0. */
  usd: number;
  /** Why an unpriced trace could not be priced. */
  reason?: "no_token_split" | "unknown_model";
}

const NOTHING_BILLED: TracePricing = { priced: true, usd: 0 };
const NO_TOKEN_SPLIT: TracePricing = { priced: false, usd: 0, reason: "no_token_split" };
const UNKNOWN_MODEL: TracePricing = { priced: false, usd: 0, reason: "unknown_model" };

/**
 * The cost rule the collector and the Prometheus sink share: a trace with no tokens is priced at
 * $0; one with a prompt/completion split is priced when `priceOf` knows its model (null: unknown);
 * one with tokens but no split cannot be priced.
 */
export function priceTrace(
  trace: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number; model_name?: unknown },
  priceOf: (model: string) => ModelPrice | null,
): TracePricing {
  const p = trace.prompt_tokens;
  const c = trace.completion_tokens;
  if (typeof p === "number" && typeof c === "number") {
    if (p + c === 0) return NOTHING_BILLED;
    const price = priceOf(String(trace.model_name));
    return price === null ? UNKNOWN_MODEL : { priced: true, usd: costAt(price, p, c) };
  }
  return trace.total_tokens === 0 ? NOTHING_BILLED : NO_TOKEN_SPLIT;
}

/** USD cost split into input and output, as Langfuse's `costDetails` wants it. */
export function costBreakdown(model: string, promptTokens: number, completionTokens: number): Cost {
  const price = priceFor(model);
  const input = (promptTokens * price.input_per_1m) / 1_000_000;
  const output = (completionTokens * price.output_per_1m) / 1_000_000;
  // The total by the one formula, so Langfuse's cost equals the collector's to the last digit.
  return { input, output, total: costAt(price, promptTokens, completionTokens) };
}
