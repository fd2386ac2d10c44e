import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { createLlmClient } from "../llm/create-llm-client";
import { readConfig } from "../config";
import { createMemorySink } from "../server/memory-sink";
import { langfuseTraceIdFor } from "../tracing/create-feedback-sink";
import { createTracingSinks } from "../tracing/create-tracing-sinks";
import { startLocalTraceBackend } from "../tracing/local-backend";
import { EvalGateInputError, readGateEvalSet, resolvePromptVersion, runEvalGate } from "./eval-gate";
import { evalGateMarkdown, evalGateTables } from "./eval-gate-output";
import { EVAL_QUALITY_SCORE } from "./run-eval-in-process";

const contract = loadContract();
const llm = () => createLlmClient({ simulator: { seed: 42, timeScale: 0 } });
const dir = mkdtempSync(join(tmpdir(), "eval-gate-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("runEvalGate in-process", { timeout: 60_000 }, () => {
  it("runs both versions through the bot, repeatably, and every record sent to a sink carries its score", async () => {
    const sink = createMemorySink();
    const options = { baseline: "v2", candidate: "v1", contract, timeScale: 0, seed: 42 };
    const report = await runEvalGate({ ...options, llm: llm(), sinks: [sink] });
    expect(report.exit_code).toBe(1);
    expect(report.baseline.prompt_version).toBe("v2.1");
    expect(report.candidate.prompt_version).toBe("v1.0");
    expect(report.simulated).toBe(true);
    expect(report.questions).toHaveLength(report.eval_set.queries);
    expect(report.candidate.mean_completion_tokens).toBeGreaterThan(report.baseline.mean_completion_tokens);
    // Same seed, fresh tools: the same numbers again.
    const again = await runEvalGate({ ...options, llm: llm() });
    const stable = (r: typeof report) =>
      r.questions.map(({ baseline_latency_ms: _b, candidate_latency_ms: _c, ...q }) => q);
    expect(stable(again)).toEqual(stable(report));
    expect(again.quality_difference).toEqual(report.quality_difference);

    expect(sink.records).toHaveLength(2 * report.eval_set.queries);
    for (const record of sink.records) {
      const event = record.events.find((e) => e.name === "eval_score");
      expect(event?.detail?.quality_score).toBe(record.trace.quality_score);
      const row = [...report.rows.baseline, ...report.rows.candidate].find(
        (r) => r.trace_id === record.trace.trace_id,
      );
      expect(row?.quality_score).toBe(record.trace.quality_score);
    }
    expect(
      new Set(sink.records.map((r) => r.events.find((e) => e.name === "eval_score")?.detail?.role)),
    ).toEqual(new Set(["baseline", "candidate"]));
  });

  it("renders the per-question table, the aggregates and the checks", async () => {
    const report = await runEvalGate({
      baseline: "v1",
      candidate: "v2",
      contract,
      timeScale: 0,
      llm: llm(),
      evalSetPath: file(
        "two.jsonl",
        '{"id":"a","query":"What is the refund window for a monthly Pro subscription?","expected_facts":["14 days"]}\n{"id":"b","query":"How much does the Pro plan cost per month?","expected_facts":["$49"]}\n',
      ),
    });
    const tables = evalGateTables(report);
    expect(tables.questions.map((q) => q.id)).toEqual(["a", "b"]);
    expect(tables.aggregates.map((a) => a.metric)).toContain("p95 latency (ms)");
    expect(tables.checks.map((c) => c.check)).toEqual([
      "mean_quality",
      "pass_rate",
      "p95_latency_ms",
      "cost_per_request_usd",
    ]);
    expect(evalGateMarkdown(report)).toContain(report.verdict.split("\n")[0]);
  });
});

describe("eval traces sent to a configured trace hub", { timeout: 60_000 }, () => {
  it("arrive with their quality score (OTLP to a loopback backend configured by environment variables alone)", async () => {
    const backend = await startLocalTraceBackend({ dir: null });
    try {
      const tracing = await createTracingSinks(
        readConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${backend.url}/v1/traces` }),
        { contract, embedded: false },
      );
      expect(tracing.destinations.filter((d) => d.kind !== "off").map((d) => d.sink)).toEqual(["otel"]);
      const evalSetPath = file(
        "hub.jsonl",
        '{"id":"h1","query":"What is the refund window for a monthly Pro subscription?","expected_facts":["14 days"]}\n',
      );
      const report = await runEvalGate({
        baseline: "v2",
        candidate: "v1",
        contract,
        timeScale: 0,
        llm: llm(),
        evalSetPath,
        sinks: tracing.sinks,
      });
      const closed = await tracing.close(10_000);
      expect(closed.map((r) => r.sink)).toContain("otel");
      expect(closed.filter((r) => r.result.code !== "SUCCESS")).toEqual([]);
      for (const row of [...report.rows.baseline, ...report.rows.candidate]) {
        const events = backend.store
          .otlpSpans(row.trace_id!.replace(/-/g, ""))
          .flatMap((span) => span.events);
        const score = events.find((e) => e.name.includes("eval_score"));
        expect(score, `trace ${row.trace_id} has an eval_score event`).toBeDefined();
        expect(JSON.stringify(score!.attributes)).toContain(`\\"quality_score\\":${row.quality_score}`);
      }
    } finally {
      await backend.close();
    }
  });
});

describe("eval traces at Langfuse (v4 emulation) and LangSmith", { timeout: 60_000 }, () => {
  it("every eval trace carries its quality as the hub's own score: a Langfuse NUMERIC eval_quality, a LangSmith eval_quality feedback", async () => {
    const backend = await startLocalTraceBackend({ dir: null, langfuseWriteMode: "events_only" });
    try {
      const config = readConfig({
        LANGFUSE_PUBLIC_KEY: "pk-lf-eval",
        LANGFUSE_SECRET_KEY: "sk-lf-eval",
        LANGFUSE_BASEURL: backend.url,
        LANGSMITH_TRACING: "true",
        LANGSMITH_ENDPOINT: backend.url,
        LANGSMITH_API_KEY: "lsv2-eval",
      });
      const tracing = await createTracingSinks(config, {
        contract,
        embedded: false,
        otel: false,
        log: () => undefined,
      });
      const report = await runEvalGate({
        baseline: "v2",
        candidate: "v1",
        contract,
        timeScale: 0,
        llm: llm(),
        evalSetPath: file(
          "scored.jsonl",
          [
            '{"id":"s1","query":"What is the refund window for a monthly Pro subscription?","expected_facts":["14 days"]}',
            '{"id":"s2","query":"What are the API rate limits on the Free plan?","expected_facts":["60 requests per minute"]}',
          ].join("\n") + "\n",
        ),
        sinks: [...tracing.sinks, tracing.feedback],
      });
      const closed = await tracing.close(10_000);
      expect(closed.filter((r) => r.result.code !== "SUCCESS")).toEqual([]);
      const rows = [...report.rows.baseline, ...report.rows.candidate];
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        const langfuseId = langfuseTraceIdFor(config, row.trace_id!);
        const trace = backend.store.langfuseTrace(langfuseId);
        expect(trace?.trace, `eval trace ${langfuseId} reached Langfuse over OTLP`).toBeDefined();
        expect(trace!.scores).toEqual([
          expect.objectContaining({
            traceId: langfuseId,
            name: EVAL_QUALITY_SCORE,
            dataType: "NUMERIC",
            value: row.quality_score,
          }),
        ]);
        expect(backend.store.langsmithFeedback(row.trace_id!)).toEqual([
          expect.objectContaining({
            run_id: row.trace_id,
            key: EVAL_QUALITY_SCORE,
            score: row.quality_score,
          }),
        ]);
      }
      expect(backend.store.summary()).toMatchObject({ rejected_requests: 0, rejected_items: 0 });
    } finally {
      await backend.close();
    }
  });
});

describe("bad input is an EvalGateInputError naming the problem, raised before any request", () => {
  it("names an unknown version and lists the known ones", () => {
    expect(() => resolvePromptVersion("candidate", "v3")).toThrow(
      /--candidate "v3" is not a known prompt version; known: v1\.0, v2\.1, v1, v2/,
    );
    expect(resolvePromptVersion("baseline", " v2 ")).toBe("v2.1");
  });

  it.each([
    [
      "a missing file",
      () => join(dir, "missing.jsonl"),
      /cannot read the eval set .*missing\.jsonl: no such file/,
    ],
    ["a directory", () => dir, /: it is a directory/],
    [
      "a bad line",
      () => file("bad.jsonl", '{"id":"a","query":"q","expected_facts":["x"]}\nnot json\n'),
      /has 1 invalid line\(s\):\n {2}line 2: not valid JSON/,
    ],
    ["an empty set", () => file("empty.jsonl", "\n"), /has no queries/],
    [
      "a duplicate id",
      () =>
        file(
          "dup.jsonl",
          '{"id":"a","query":"q","expected_facts":["x"]}\n{"id":"a","query":"r","expected_facts":["y"]}\n',
        ),
      /uses the id "a" twice/,
    ],
  ])("rejects %s", (_, path, message) => {
    expect(() => readGateEvalSet(path())).toThrow(EvalGateInputError);
    expect(() => readGateEvalSet(path())).toThrow(message);
  });
});
