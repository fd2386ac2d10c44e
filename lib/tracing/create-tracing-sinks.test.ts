import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { readConfig, type Env } from "../config";
import { healthyRecord } from "./__fixtures__/answer-records";
import { createTracingSinks, DEFAULT_LANGFUSE_URL, DEFAULT_LANGSMITH_URL } from "./create-tracing-sinks";
import { loadContract } from "../contract";

const contract = loadContract();

const X = "http://hub.example:3000";

describe("createTracingSinks decides destinations from the environment only", () => {
  it.each<[string, Env, [string, string, string | undefined][]]>([
    [
      "nothing set: everything to the embedded backend",
      {},
      [
        ["langfuse", "embedded", "LOCAL"],
        ["langsmith", "embedded", "LOCAL"],
        ["otel", "embedded", "LOCAL/v1/traces"],
      ],
    ],
    [
      "real keys, assignment names (LANGFUSE_HOST, LANGCHAIN_*)",
      {
        LANGFUSE_PUBLIC_KEY: "pk-lf-1",
        LANGFUSE_SECRET_KEY: "sk-lf-1",
        LANGFUSE_HOST: X,
        LANGCHAIN_TRACING_V2: "true",
        LANGCHAIN_API_KEY: "lsv2_x",
        LANGCHAIN_PROJECT: "p",
      },
      [
        ["langfuse", "configured", X],
        ["langsmith", "configured", DEFAULT_LANGSMITH_URL],
        ["otel", "off", undefined],
      ],
    ],
    [
      "Langfuse keys without a URL go to Langfuse Cloud",
      { LANGFUSE_PUBLIC_KEY: "pk", LANGFUSE_SECRET_KEY: "sk" },
      [
        ["langfuse", "configured", DEFAULT_LANGFUSE_URL],
        ["langsmith", "embedded", "LOCAL"],
        ["otel", "embedded", "LOCAL/v1/traces"],
      ],
    ],
    [
      "LangSmith key without LANGSMITH_TRACING=true is off, like the SDK",
      { LANGSMITH_API_KEY: "lsv2_x", LANGFUSE_BASEURL: X },
      [
        ["langfuse", "configured", X],
        ["langsmith", "off", undefined],
        ["otel", "off", undefined],
      ],
    ],
    [
      "OTLP endpoint set",
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `${X}/`,
        LANGFUSE_BASEURL: X,
        LANGSMITH_TRACING: "true",
        LANGSMITH_ENDPOINT: X,
      },
      [
        ["langfuse", "configured", X],
        ["langsmith", "configured", X],
        ["otel", "configured", `${X}/v1/traces`],
      ],
    ],
  ])("%s", async (_label, env, expected) => {
    const setup = await createTracingSinks(readConfig(env), {
      contract,
      log: () => undefined,
      backend: { dir: null },
    });
    try {
      const local = setup.backend?.url ?? "none";
      expect(setup.destinations.map((d) => [d.sink, d.kind, d.url])).toEqual(
        expected.map(([s, k, u]) => [s, k, u?.replace("LOCAL", local)]),
      );
      expect(setup.sinks.map((s) => s.name)).toEqual(expected.filter(([, k]) => k !== "off").map(([s]) => s));
      expect(setup.describe().split("\n")).toHaveLength(3);
      expect(Boolean(setup.backend)).toBe(expected.some(([, k]) => k === "embedded"));
    } finally {
      await setup.close(2_000);
    }
  });

  it("says plainly where traces go, and never prints a secret key", async () => {
    const lines: string[] = [];
    const setup = await createTracingSinks(
      readConfig({
        LANGFUSE_PUBLIC_KEY: "pk-lf-abc",
        LANGFUSE_SECRET_KEY: "sk-lf-very-secret",
        LANGFUSE_BASEURL: X,
      }),
      { contract, announce: (t) => lines.push(t), embedded: false },
    );
    await setup.close(2_000);
    expect(lines.join("\n")).toContain(
      `langfuse: ${X} via OTLP /api/public/otel/v1/traces with LANGFUSE_PUBLIC_KEY pk-lf-abc`,
    );
    expect(lines.join("\n")).toContain("langsmith: off");
    expect(lines.join("\n")).not.toContain("sk-lf-very-secret");
  });

  it("sends Langfuse traces over OTLP unless LANGFUSE_INGESTION=legacy, and rejects other values naming the variable", async () => {
    for (const [ingestion, path] of [
      [undefined, "/api/public/otel/v1/traces"],
      ["legacy", "/api/public/ingestion"],
    ] as const) {
      const setup = await createTracingSinks(readConfig(ingestion ? { LANGFUSE_INGESTION: ingestion } : {}), {
        contract,
        log: () => undefined,
        backend: { dir: null, langfuseWriteMode: "legacy" },
        otel: false,
      });
      try {
        expect(setup.describe()).toContain(path);
        const sink = setup.sinks.find((s) => s.name === "langfuse")!;
        sink.record(healthyRecord());
        expect(await sink.flush(5_000)).toEqual({ code: "SUCCESS" });
        expect(setup.backend!.store.requests.map((r) => r.path)).toContain(path);
      } finally {
        await setup.close(2_000);
      }
    }
    expect(() => readConfig({ LANGFUSE_INGESTION: "v3" })).toThrow(
      /LANGFUSE_INGESTION must be "otel".*"legacy".*got "v3"/,
    );
  });

  it("closes the embedded backend after the last sink shuts down", async () => {
    const setup = await createTracingSinks(readConfig({}), {
      contract,
      log: () => undefined,
      backend: { dir: null },
    });
    const [a, b, c] = setup.sinks;
    await a.shutdown!(2_000);
    await b.shutdown!(2_000);
    expect((await fetch(`${setup.backend!.url}/healthz`)).status).toBe(200);
    await c.shutdown!(2_000);
    await expect(fetch(`${setup.backend!.url}/healthz`)).rejects.toThrow();
  });
});

describe("the local trace store beside the embedded backend", () => {
  it("keeps each record's trace, and is written before the backend closes when the trace sinks shut down", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tracing-store-"));
    try {
      const setup = await createTracingSinks(readConfig({ TRACE_STORE_DIR: dir }), {
        contract,
        log: () => undefined,
      });
      expect(setup.store?.path).toBe(join(dir, "traces.duckdb"));
      expect(setup.serviceSinks().map((s) => s.name)).toEqual([
        "langfuse",
        "langsmith",
        "otel",
        "trace-store",
        "feedback",
      ]);
      const record = healthyRecord();
      for (const sink of setup.serviceSinks()) sink.record(record);
      // Only the trace sinks are shut down (a caller that never listed the store): the backend
      // still closes, after the store has written its row.
      await Promise.all(setup.sinks.map((s) => s.shutdown!(10_000)));
      await expect(fetch(`${setup.backend!.url}/api/public/health`)).rejects.toThrow();
      const instance = await DuckDBInstance.create(join(dir, "traces.duckdb"), { access_mode: "READ_ONLY" });
      const connection = await instance.connect();
      const rows = (await connection.runAndReadAll("SELECT trace_id FROM traces")).getRowObjectsJson();
      connection.closeSync();
      instance.closeSync();
      expect(rows).toEqual([{ trace_id: record.trace.trace_id }]);
      expect(setup.store!.stats()).toMatchObject({ rows_dropped: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
