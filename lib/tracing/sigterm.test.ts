/**
 * The service as a separate process (`lib/tools/serve.ts`, what `npm run serve` runs),
 * configured only through the standard environment variables to send to a backend this test
 * runs. The "Done when" run: 40 requests full of PII, then SIGTERM straight after the last
 * answer. The process must exit 0 within 15 s having flushed everything: 40 Langfuse traces
 * with span and generation, 40 LangSmith chain runs with an llm child, and not one raw value.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalTraceBackend, type LocalTraceBackend } from "./local-backend";
import { findLeaks, piiProbeRequests } from "./pii-probe";
import type { Fields } from "./trace-store";

// `node --import tsx`, not the tsx CLI: the CLI relays SIGTERM to its child and SIGKILLs it
// when the child does not acknowledge within ~30 ms, which a busy event loop can miss.
const TSX_LOADER = createRequire(import.meta.url).resolve("tsx");
const CONFIG_PREFIXES = /^(LANGFUSE_|LANGSMITH_|LANGCHAIN_|OTEL_|OPENAI_|PORT$|HOST$|APP_ENV$|LLM_SIM_)/;

function startService(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !CONFIG_PREFIXES.test(k)),
  ) as Record<string, string>;
  const child = spawn(process.execPath, ["--import", pathToFileURL(TSX_LOADER).href, "lib/tools/serve.ts"], {
    env: { ...base, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start within 30 s:\n${err}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stderr: () => err });
      }
    });
    child.on("exit", (code) => reject(new Error(`service exited with ${code} before listening:\n${err}`)));
  });
}

describe("npm run serve: 40 PII-laden requests, then SIGTERM", () => {
  let backend: LocalTraceBackend;
  const probes = piiProbeRequests(40, 7);
  const traceIds: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null; ms: number };
  let stderr = "";

  beforeAll(async () => {
    backend = await startLocalTraceBackend({ dir: null });
    const service = await startService({
      PORT: "0",
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
    const t0 = performance.now();
    const exited = new Promise<typeof exit>((resolve) =>
      service.child.on("exit", (code, signal) => resolve({ code, signal, ms: performance.now() - t0 })),
    );
    service.child.kill("SIGTERM");
    exit = await exited;
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
