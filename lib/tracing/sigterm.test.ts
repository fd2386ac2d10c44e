/**
 * The service as a separate process (`lib/tools/serve.ts`, what `npm run serve` runs),
 * configured only through the standard environment variables to send to a backend this test
 * runs. The "Done when" run: 40 requests full of PII, then SIGTERM straight after the last
 * answer. The process must exit 0 within 15 s having flushed everything: 40 Langfuse traces
 * with span and generation, 40 LangSmith chain runs with an llm child, and not one raw value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceProcess } from "../tools/load/service-process";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { findLeaks, piiProbeRequests } from "./pii-probe";
import type { Fields } from "./trace-store";

describe("npm run serve: 40 PII-laden requests, then SIGTERM", () => {
  let backend: LocalTraceBackend;
  const probes = piiProbeRequests(40, 7);
  const traceIds: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null; ms: number };
  let stderr = "";

  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const service = await startServiceProcess({
      LLM_SIM_TIME_SCALE: "0",
      LANGFUSE_PUBLIC_KEY: "pk-lf-sigterm",
      LANGFUSE_SECRET_KEY: "sk-lf-sigterm",
      LANGFUSE_BASEURL: backend.url,
      LANGSMITH_TRACING: "true",
      LANGSMITH_ENDPOINT: backend.url,
      LANGSMITH_API_KEY: "lsv2-sigterm",
      LANGSMITH_PROJECT: "sigterm-test",
      OTEL_EXPORTER_OTLP_ENDPOINT: backend.url,
    });
    for (let i = 0; i < probes.length; i += 8) {
      const batch = await Promise.all(
        probes.slice(i, i + 8).map(async (p) => {
          const res = await fetch(`${service.url}/ask`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: p.query, user_id: p.user_id, customer_tier: p.customer_tier }),
          });
          return ((await res.json()) as { trace_id: string }).trace_id;
        }),
      );
      traceIds.push(...batch);
    }
    service.sigterm(); // `exited.ms` counts from here
    exit = await service.exited;
    stderr = service.stderr();
  }, 90_000);
  afterAll(async () => backend?.close());

  it("exits 0 within 15 s of SIGTERM", () => {
    expect(exit, stderr).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(15_000);
    expect(stderr).toMatch(/SIGTERM/);
    expect(stderr).toContain(`langfuse: ${backend.url}`);
  });

  it("got 40 answers with distinct trace ids", () => {
    expect(new Set(traceIds.filter(Boolean)).size).toBe(40);
  });

  it("flushed 40 Langfuse traces, each with its retrieval span and its generation", () => {
    for (const id of traceIds) {
      // Langfuse over OTLP names the trace by the workbook id's 32 hex digits.
      const view = backend.store.langfuseTrace(id.replace(/-/g, ""));
      expect(view?.trace, id).toBeDefined();
      expect(
        view!.observations.some((o) => o.type === "RETRIEVER"),
        id,
      ).toBe(true);
      expect(
        view!.observations.some((o) => o.type === "GENERATION"),
        id,
      ).toBe(true);
    }
    expect(backend.store.langfuseTraceIds().length).toBe(40);
  });

  it("flushed 40 LangSmith chain runs, each with its llm child", () => {
    const runs = backend.store.langsmithRuns();
    const roots = runs.filter((r) => !r.parent_run_id);
    expect(roots.length).toBe(40);
    const byTrace = new Map(
      roots.map((r) => [((r.extra as Fields).metadata as Fields).trace_id as string, r]),
    );
    for (const id of traceIds) {
      const root = byTrace.get(id);
      expect(root?.run_type, id).toBe("chain");
      expect(root?.end_time, id).toBeDefined();
      expect(
        runs.some((r) => r.parent_run_id === root!.id && r.run_type === "llm"),
        id,
      ).toBe(true);
    }
  });

  it("flushed 40 OTLP request spans", () => {
    expect(backend.store.otlpSpans().filter((s) => !s.parentSpanId).length).toBe(40);
  });

  it("received not one raw email, phone, SSN, API key or user id", () => {
    const received = backend.store.receivedText();
    expect((received.match(/\[REDACTED_[A-Z_]+\]/g) ?? []).length).toBeGreaterThan(40);
    const planted = probes.flatMap((p) => p.raw);
    expect(planted.length).toBe(200);
    expect(findLeaks(received, planted)).toEqual([]);
  });
});
