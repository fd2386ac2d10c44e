/**
 * `--promote` from the local trace store, end to end: the real service (no keys, so the embedded
 * backend with a DuckDB file) answers questions, a user sends thumbs-down on one through
 * `POST /feedback`, and `npm run eval -- --promote --from <store>` in another process turns the
 * thumbs-down and low-quality traces into review cases. While the service still holds the file,
 * the CLI says so instead of failing with a stack.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { readConfig } from "../config";
import { checkMetricsWithPromtool } from "../prometheus/promtool";
import { expectedFactsLookup, loadEvalSet } from "../rag/eval-set";
import { llmFromConfig, serverOptionsFromConfig } from "../server/from-config";
import { postFeedback } from "../server/post-feedback";
import { startServer } from "../server/start";
import { createTracingSinks } from "../tracing/create-tracing-sinks";
import { liveStoreTraceSource } from "./store-trace-source";
import { loadContract } from "../contract";

const contract = loadContract();

const dir = mkdtempSync(join(tmpdir(), "promote-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env: Record<string, string | undefined> = { ...process.env, LLM_SIM_TIME_SCALE: "0" };
for (const key of Object.keys(env))
  if (/^(OPENAI_|LANGFUSE_|LANGSMITH_|LANGCHAIN_|OTEL_EXPORTER_)/.test(key)) delete env[key];
const promote = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "lib/tools/eval-cli.ts", "--promote", ...args], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });

describe("npm run eval -- --promote from the local trace store", { timeout: 120_000 }, () => {
  it("reads what the service persisted, joined to the feedback the hubs received", async () => {
    const config = readConfig({ LLM_SIM_TIME_SCALE: "0" });
    const store = join(dir, "store");
    const tracing = await createTracingSinks(config, {
      contract,
      backend: { dir: store },
      log: () => undefined,
    });
    expect(tracing.store?.path).toBe(join(store, "traces.duckdb"));
    const evalSet = loadEvalSet();
    const llm = llmFromConfig(config);
    const metricsRegistry = new Registry();
    const server = await startServer({
      contract,
      ...serverOptionsFromConfig(config, llm),
      port: 0,
      sinks: tracing.serviceSinks(),
      metricsRegistry,
      expectedFacts: expectedFactsLookup(evalSet.queries),
    });
    const asked: { trace_id: string; query: string }[] = [];
    // Eval-set questions get a quality score (their expected facts are known); one carries an email.
    for (const q of evalSet.queries.slice(0, 6)) {
      const res = await fetch(`${server.url}/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: q.query, prompt_version: "v1" }),
      });
      asked.push({ trace_id: ((await res.json()) as { trace_id: string }).trace_id, query: q.query });
    }
    const res = await fetch(`${server.url}/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "Refund please, I am dana.lee@example.com" }),
    });
    const disliked = ((await res.json()) as { trace_id: string }).trace_id;
    expect((await postFeedback(server.url, { trace_id: disliked, value: "down" })).status).toBe(202);
    expect((await postFeedback(server.url, { trace_id: asked[0].trace_id, value: "up" })).status).toBe(202);
    await server.app.settle();
    await tracing.feedback.flush(10_000);
    await tracing.store!.flush(10_000);

    // The store's rows are counted where an operator looks: /healthz and /metrics (promtool-clean).
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
      trace_store: { rows_written: number; rows_dropped: number; path: string };
    };
    expect(health.trace_store).toMatchObject({ rows_dropped: 0, path: join(store, "traces.duckdb") });
    expect(health.trace_store.rows_written).toBeGreaterThanOrEqual(7);
    const scrape = await (await fetch(`${server.url}/metrics`)).text();
    expect(scrape).toMatch(/^trace_store_rows_dropped_total 0$/m);
    expect(scrape).toMatch(/^trace_store_rows_written_total [1-9]\d*$/m);
    expect(checkMetricsWithPromtool(scrape)).toMatchObject({ ok: true, skipped: false });

    // In-process, the live store reads the same rows the CLI will.
    const live = await liveStoreTraceSource(tracing.backend!.store, { thisRunOnly: true })();
    expect(live.rejected).toEqual([]);
    expect(live.items).toHaveLength(7);
    expect(live.items.find((i) => i.trace.trace_id === disliked)?.feedback).toBe("down");
    expect(live.items.find((i) => i.trace.trace_id === asked[0].trace_id)?.feedback).toBe("up");
    expect(JSON.stringify(live.items)).not.toContain("dana.lee@example.com");

    // The service still holds the file: one clear message, exit 2, no stack.
    const busy = promote("--from", store, "--out", join(dir, "busy.jsonl"));
    expect(busy.status, busy.stdout).toBe(2);
    expect(busy.stderr).toMatch(/is open in a running service .*stop it, then run --promote again/);
    expect(busy.stderr).not.toMatch(/^\s+at /m);

    await server.close({ shutdownSinks: true, flushTimeoutMs: 10_000 });
    const review = join(dir, "review.jsonl");
    const r = promote("--from", store, "--out", review, "--below-quality", "100");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/read 7 traces from the trace store .* \(0 invalid rows skipped\)/);
    const cases = readFileSync(review, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { query: string; reasons: string[]; source: { trace_id: string } });
    // Thumbs-down first, then every answered trace the quality proxy scored below 100.
    expect(cases[0]).toMatchObject({
      query: "Refund please, I am [REDACTED_EMAIL]",
      reasons: ["thumbs_down"],
      source: { trace_id: disliked },
    });
    const lowQuality = live.items
      .filter((i) => i.trace.error === undefined && (i.trace.quality_score ?? 100) < 100)
      .map((i) => i.trace.trace_id);
    expect(lowQuality.length).toBeGreaterThan(0);
    expect(new Set(cases.slice(1).map((c) => c.source.trace_id))).toEqual(new Set(lowQuality));
    expect(cases.slice(1).every((c) => c.reasons.includes("low_quality"))).toBe(true);
  });
});
