import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { isValidTraceName, NamingError, spanName, traceName } from "./naming";
import { checkTags, TagError, tagsFor } from "./tags";
import { generateTraces } from "../synth";
import type { Trace } from "../schema";

const contract = loadContract();

describe("trace and span names", () => {
  it("builds {service}.{endpoint}.{version} names from the contract", () => {
    expect(traceName(contract.service, "ask", "v2", contract)).toBe("support-bot.ask.v2");
    expect(isValidTraceName("support-bot.ask.v2", contract)).toBe(true);
  });

  it.each([
    ["Support Bot", "ask", "v2"],
    ["support-bot", "ask", "2"],
    ["support-bot", "ask", "v2.1"],
    ["support-bot", "", "v1"],
    ["support-bot", "ask/detail", "v1"],
  ])("rejects %s / %s / %s with a NamingError", (service, endpoint, version) => {
    expect(() => traceName(service, endpoint, version, contract)).toThrow(NamingError);
    expect(() => traceName(service, endpoint, version, contract)).toThrow(/does not match the contract's/);
  });

  it("names spans by kind", () => {
    expect(spanName("retrieval", "knowledge_base", contract)).toBe("retrieval knowledge_base");
    expect(spanName("generation", "gpt-4o-mini", contract)).toBe("chat gpt-4o-mini");
    expect(spanName("generation", "gpt-4o-mini-2024-07-18", contract)).toBe("chat gpt-4o-mini-2024-07-18");
    expect(spanName("tool", "order_lookup", contract)).toBe("execute_tool order_lookup");
    // The conventions name the span by its operation alone when the target is unknown.
    expect(spanName("retrieval", undefined, contract)).toBe("retrieval");
    expect(spanName("generation", undefined, contract)).toBe("chat");
    expect(spanName("event", "cache_miss", contract)).toBe("event.cache_miss");
    expect(() => spanName("tool", undefined, contract)).toThrow('span kind "tool" needs a name');
    expect(() => spanName("tool", "Order Lookup", contract)).toThrow(NamingError);
    expect(() => spanName("database" as "tool", "x", contract)).toThrow('unknown span kind "database"');
  });
});

describe("tags under the taxonomy", () => {
  const base: Pick<
    Trace,
    "environment" | "customer_tier" | "prompt_version" | "model_name" | "tool_calls" | "error"
  > = {
    environment: "production",
    customer_tier: "pro",
    prompt_version: "v2.1",
    model_name: "gpt-4o-mini-2024-07-18",
    tool_calls: [
      { tool_name: "order_lookup", input: {}, output: null, latency_ms: 10, success: true },
      { tool_name: "order_lookup", input: {}, output: null, latency_ms: 10, success: false },
      { tool_name: "Refund-Status", input: {}, output: null, latency_ms: 10, success: true },
    ],
    error: "rate_limit: 429 Rate limit reached",
  };

  it("derives env, tier, prompt, model, each tool once, and the error class", () => {
    expect(tagsFor(base, contract)).toEqual([
      "env:production",
      "tier:pro",
      "prompt:v2.1",
      "model:gpt-4o-mini-2024-07-18",
      "tool:order_lookup",
      "tool:refund_status",
      "error:rate_limit",
    ]);
    expect(tagsFor({ ...base, tool_calls: [], error: undefined }, contract)).toEqual([
      "env:production",
      "tier:pro",
      "prompt:v2.1",
      "model:gpt-4o-mini-2024-07-18",
    ]);
  });

  it("makes free-form values tag-safe", () => {
    expect(
      tagsFor(
        { ...base, prompt_version: "v2 (concise)", model_name: "my model/ü", tool_calls: [], error: "weird" },
        contract,
      ),
    ).toEqual(["env:production", "tier:pro", "prompt:v2_concise_", "model:my_model_", "error:other"]);
  });

  it("throws a TagError listing the problems for a trace that never passed the schema", () => {
    expect(() => tagsFor({ ...base, environment: "qa" as Trace["environment"] }, contract)).toThrow(TagError);
    expect(() => tagsFor({ ...base, environment: "qa" as Trace["environment"] }, contract)).toThrow(
      '"env:qa": "qa" is not one of dev, staging, production',
    );
  });

  it.each<[string[], string[]]>([
    [["env:dev", "tier:free", "prompt:v1", "model:gpt-4o"], []],
    [
      ["env:prod", "tier:free", "prompt:v1", "model:gpt-4o"],
      ['"env:prod": "prod" is not one of dev, staging, production'],
    ],
    [
      ["env:dev", "tier:free", "prompt:v1", "model:gpt-4o", "color:red"],
      ['"color:red": unknown key "color" (known: env, tier, prompt, model, tool, error)'],
    ],
    [
      ["env:dev", "tier:free", "prompt:v1", "model:gpt-4o", "no-colon"],
      ['"no-colon": does not match ^[a-z]+:[A-Za-z0-9._-]+$'],
    ],
    [
      ["env:dev", "tier:free", "prompt:v1", "model:gpt-4o", "tool:Order Lookup"],
      ['"tool:Order Lookup": does not match ^[a-z]+:[A-Za-z0-9._-]+$'],
    ],
    [
      ["env:dev"],
      [
        '(missing): required key "tier:" is absent',
        '(missing): required key "prompt:" is absent',
        '(missing): required key "model:" is absent',
      ],
    ],
    [
      [],
      [
        '(missing): required key "env:" is absent',
        '(missing): required key "tier:" is absent',
        '(missing): required key "prompt:" is absent',
        '(missing): required key "model:" is absent',
      ],
    ],
  ])("checkTags(%j)", (tags, problems) => {
    expect(checkTags(tags, contract)).toEqual(problems);
  });

  it("accepts tagsFor on every synthetic trace, and the tags the generator itself writes", () => {
    for (const trace of generateTraces({ contract, n: 500, seed: 5 })) {
      expect(checkTags(tagsFor(trace, contract), contract)).toEqual([]);
      expect(checkTags(trace.tags, contract), trace.tags.join(" ")).toEqual([]);
    }
  });
});
