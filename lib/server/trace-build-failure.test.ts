/**
 * If building the redacted trace fails anyway (redaction throws, or its output fails the
 * schema), the user gets a typed error, a trace with `error` set is still recorded with no
 * text in it, and the failure metric counts it.
 */
import { Registry } from "prom-client";
import { describe, expect, it, vi } from "vitest";
import { METRIC_NAMES } from "../prometheus/promql";
import { createPrometheusSink } from "../prometheus";
import { createDefaultTools } from "../rag/defaults";
import { parseTrace } from "../schema";
import { metricValue } from "../tools/load/metric-value";
import { createApp } from "./app";
import { createMemorySink } from "./memory-sink";
import { loadContract } from "../contract";

const contract = loadContract();

const mode = vi.hoisted(() => ({ current: "ok" as "ok" | "throw" | "corrupt" }));
vi.mock("../redact", async (original) => {
  const real = (await original()) as typeof import("../redact");
  return {
    ...real,
    stripPii: <T>(value: T, options?: Parameters<typeof real.stripPii>[1]): T => {
      if (mode.current === "throw") throw new RangeError("the raw value 4111 1111 1111 1111 would be here");
      const out = real.stripPii(value, options) as T & { trace?: { trace_id: string } };
      // What a card rule matching inside a UUID did: a corrupted trace_id.
      if (mode.current === "corrupt" && out.trace)
        out.trace = { ...out.trace, trace_id: "[REDACTED_CARD]-bf40-e5dea9cd3efc" };
      return out;
    },
  };
});

describe("a trace that cannot be built safely", () => {
  it.each(["throw", "corrupt"] as const)(
    "redaction that %ss: typed 500, a withheld trace with error, the failure counted",
    async (m) => {
      mode.current = m;
      const registry = new Registry();
      const memory = createMemorySink();
      const app = createApp({
        contract,
        timeScale: 0,
        tools: createDefaultTools({ timeScale: 0, failureRate: 0 }),
        sinks: [memory, createPrometheusSink(registry)],
        metricsRegistry: registry,
      });
      const res = await app.request("/ask", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "My card is 4111 1111 1111 1111, what are the rate limits?",
          user_id: "u_9",
        }),
      });
      mode.current = "ok";
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { type: string; message: string }; trace_id: string };
      expect(body.error.type).toBe("trace_build_failed");
      await app.settle();
      const record = memory.byTraceId(body.trace_id)!;
      expect(parseTrace(record.trace).ok).toBe(true);
      expect(record.trace.error).toMatch(/^TraceBuildError: /);
      expect(JSON.stringify(record)).not.toContain("4111");
      expect(record.trace.input_text).toMatch(/WITHHELD/);
      expect(metricValue(await registry.metrics(), METRIC_NAMES.failures)).toBe(1);
      expect(app.stats).toMatchObject({ internal_errors: 1, answered: 0 });
    },
  );
});
