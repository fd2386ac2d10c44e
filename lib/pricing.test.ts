import { describe, expect, it } from "vitest";
import { costAt, priceFor, priceTrace } from "./pricing";

const known = (model: string) => (model === "gpt-4o-mini" ? priceFor(model) : null);

describe("priceTrace: the one cost rule", () => {
  it.each([
    [
      "a split on a known model",
      { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, model_name: "gpt-4o-mini" },
      { priced: true, usd: costAt(priceFor("gpt-4o-mini"), 1000, 100) },
    ],
    [
      "nothing billed, any model",
      { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, model_name: "mystery" },
      { priced: true, usd: 0 },
    ],
    ["no split and no tokens", { total_tokens: 0, model_name: "mystery" }, { priced: true, usd: 0 }],
    [
      "a split on an unknown model",
      { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10, model_name: "mystery" },
      { priced: false, usd: 0, reason: "unknown_model" },
    ],
    [
      "tokens without a split",
      { total_tokens: 10, model_name: "gpt-4o-mini" },
      { priced: false, usd: 0, reason: "no_token_split" },
    ],
  ])("%s", (_name, trace, expected) => {
    expect(priceTrace(trace, known)).toEqual(expected);
  });
});
