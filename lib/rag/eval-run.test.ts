import { describe, expect, it } from "vitest";
import { createMemorySink } from "../server/memory-sink";
import { startServer } from "../server/start";
import { createDefaultTools } from "./defaults";
import { histogramHtml, postAsk, runEval, summarizeEval, type EvalRow } from "./eval-run";
import { loadEvalSet } from "./eval-set";
import { requestSignals } from "./request-signals";
import { loadContract } from "../contract";

const contract = loadContract();

const row = (prompt_version: string, quality_score: number, status = 200): EvalRow => ({
  id: "q",
  topic: "t",
  prompt_version,
  status,
  trace_id: null,
  quality_score,
  hits: [],
  misses: [],
  client_latency_ms: 1,
});

describe("summarizeEval", () => {
  it("computes per-version shares, mean, median and a histogram", () => {
    const [v1, v2] = summarizeEval([
      row("v1", 0),
      row("v1", 50),
      row("v1", 100, 503),
      row("v2", 100),
      row("v2", 80),
      row("v2", 100),
      row("v2", 19.9),
    ]);
    expect(v1).toMatchObject({
      prompt_version: "v1",
      requests: 3,
      http_200_pct: 66.7,
      mean_quality: 50,
      median_quality: 50,
      all_facts_pct: 33.3,
      no_facts_pct: 33.3,
    });
    expect(v2).toMatchObject({ requests: 4, median_quality: 90, all_facts_pct: 50 });
    expect(v2.histogram).toEqual([
      { bucket: "0-19", count: 1 },
      { bucket: "20-39", count: 0 },
      { bucket: "40-59", count: 0 },
      { bucket: "60-79", count: 0 },
      { bucket: "80-100", count: 3 },
    ]);
    expect(histogramHtml([v1, v2])).toContain("v2: 3");
  });

  it("handles no rows", () => {
    expect(summarizeEval([])).toEqual([]);
  });
});

describe("runEval and requestSignals over real HTTP", () => {
  it("posts every query for every version, scores the answers, and the records behind them carry the signals", async () => {
    const memory = createMemorySink();
    const server = await startServer({
      contract,
      port: 0,
      timeScale: 0,
      tools: createDefaultTools({ timeScale: 0, failureRate: 0 }),
      sinks: [memory],
    });
    try {
      const queries = loadEvalSet().queries.slice(0, 4);
      const rows = await runEval({
        baseUrl: server.url,
        queries,
        promptVersions: ["v1", "v2"],
        concurrency: 2,
      });
      expect(rows.map((r) => `${r.prompt_version}:${r.id}:${r.status}`)).toEqual([
        ...queries.map((q) => `v1.0:${q.id}:200`),
        ...queries.map((q) => `v2.1:${q.id}:200`),
      ]);
      await server.app.settle();
      const record = memory.byTraceId(rows[0].trace_id ?? "");
      expect(record).toBeDefined();
      const signals = requestSignals(record!);
      expect(signals.prompt_version).toBe("v1.0");
      expect(signals.retrieval_scores).toHaveLength(3);
      expect(signals.tool_outcome).toMatch(/^lookup_order: ok/);
      expect(signals.total_ms).toBeGreaterThanOrEqual(signals.retrieval_ms);
      expect(signals.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await server.close();
    }
  });

  it("reports a network failure as status 0 instead of throwing", async () => {
    expect((await postAsk("http://127.0.0.1:1", { query: "x" })).status).toBe(0);
  });
});

describe("compareRequests and meanSignals", () => {
  const signals = (over: Partial<import("./request-signals").RequestSignals>) => ({
    trace_id: "t",
    prompt_version: "v1.0",
    prompt_hash: "a".repeat(64),
    model: "m",
    simulated: true,
    top_retrieval_score: 0.5,
    retrieval_scores: [0.5, 0.25],
    retrieved_sources: [],
    prompt_tokens: 100,
    completion_tokens: 50,
    total_tokens: 150,
    cost_usd: 0.0001,
    tool_outcome: "none",
    attempts: 1,
    events: [],
    retrieval_ms: 1,
    tool_ms: 0,
    ttft_ms: 200,
    decode_ms: 700,
    total_ms: 901,
    error: null,
    ...over,
  });
  it("puts each signal in a row, one column per request, marking what a status-code monitor sees", async () => {
    const { compareRequests } = await import("./request-signals");
    const rows = compareRequests([
      { label: "v1", http_status: 200, quality_score: 0, signals: signals({}) },
      {
        label: "v2",
        http_status: 200,
        quality_score: 100,
        signals: signals({ prompt_version: "v2.1", attempts: 2, tool_outcome: "lookup_order: ok (90 ms)" }),
      },
    ]);
    expect(rows[0]).toEqual({ signal: "HTTP status", v1: 200, v2: 200, "classic monitoring sees it": "yes" });
    expect(rows[1]).toEqual({
      signal: "quality score (expected facts stated, %)",
      v1: 0,
      v2: 100,
      "classic monitoring sees it": "no",
    });
    expect(rows.find((r) => r.signal === "retrieval scores (top 3)")?.v1).toBe("0.5, 0.25");
    expect(rows.filter((r) => r["classic monitoring sees it"] === "no").length).toBeGreaterThanOrEqual(3);
  });
  it("averages a batch, counting tool failures and retries", async () => {
    const { meanSignals } = await import("./request-signals");
    const m = meanSignals([
      signals({ attempts: 3, tool_outcome: "lookup_order: FAILED (x) (800 ms)" }),
      signals({ completion_tokens: 150, cost_usd: 0.0003 }),
    ]);
    expect(m).toMatchObject({
      requests: 2,
      mean_completion_tokens: 100,
      cost_per_1k_requests_usd: 0.2,
      tool_calls: 1,
      tool_failures: 1,
      retries: 2,
      mean_ttft_ms: 200,
    });
    expect(meanSignals([]).requests).toBe(0);
  });
});
