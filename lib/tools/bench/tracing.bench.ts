/**
 * Tracing cost, where it matters. Targets:
 * - `record()` on the request path: <= 20 µs per call for all three trace sinks together
 *   (it only schedules work; the SDKs run later);
 * - export throughput to the local backend, SDK work included: >= 50 traces/s with
 *   Langfuse, LangSmith and OTLP all on, measured in the same process as the backend
 *   (a busy support bot serves a few requests per second; this is headroom, not a limit).
 */
import type { BenchResult } from "./index";
import { healthyRecord } from "../../tracing/__fixtures__/answer-records";
import { createLangfuseOtelAdapter } from "../../tracing/langfuse-otel-adapter";
import { createLangSmithAdapter } from "../../tracing/langsmith-adapter";
import { startLocalTraceBackend } from "../../tracing/local-backend";
import { createOtelAdapter } from "../../tracing/otel-adapter";
import { tracingSink, type TracingSink } from "../../tracing/tracing-sink";
import { loadContract } from "../../contract";

const RECORD_TARGET_US = 20;
const THROUGHPUT_TARGET = 50;

export default async function tracingBench(): Promise<BenchResult[]> {
  const backend = await startLocalTraceBackend({ dir: null });
  const quiet = { log: () => undefined };
  const options = { ...quiet, contract: loadContract() };
  const sinks: TracingSink[] = [
    tracingSink(
      createLangfuseOtelAdapter({
        publicKey: "pk-lf-bench",
        secretKey: "sk-lf-bench",
        baseUrl: backend.url,
        ...quiet,
      }),
      options,
    ),
    tracingSink(
      createLangSmithAdapter({ apiUrl: backend.url, apiKey: "lsv2-bench", project: "bench", ...quiet }),
      options,
    ),
    tracingSink(createOtelAdapter({ url: `${backend.url}/v1/traces`, ...quiet }), options),
  ];
  const N = 400;
  const records = Array.from({ length: N }, (_, i) =>
    healthyRecord({ trace_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, offsetMs: i * 1000 }),
  );
  try {
    // Warm up the SDKs (LangSmith's /info probe, JIT).
    for (const r of records.slice(0, 20)) for (const s of sinks) s.record(r);
    await Promise.all(sinks.map((s) => s.flush(30_000)));

    const t0 = performance.now();
    for (const r of records) for (const s of sinks) s.record(r);
    const recordUs = ((performance.now() - t0) * 1000) / N;
    const results = await Promise.all(sinks.map((s) => s.flush(60_000)));
    const seconds = (performance.now() - t0) / 1000;
    const failed = results.filter((r) => r.code !== "SUCCESS").length;
    const received = backend.store.langfuseTraceIds().length;
    return [
      {
        name: "tracing: record() on the request path, 3 sinks",
        value: recordUs,
        unit: "µs/request",
        target: `<= ${RECORD_TARGET_US} µs`,
        ok: recordUs <= RECORD_TARGET_US,
      },
      {
        name: "tracing: export to the local backend (Langfuse + LangSmith + OTLP)",
        value: N / seconds,
        unit: "traces/s",
        target: `>= ${THROUGHPUT_TARGET} traces/s`,
        ok: N / seconds >= THROUGHPUT_TARGET && failed === 0,
        note: `${received} Langfuse traces received, ${failed} failed flush(es)`,
      },
    ];
  } finally {
    await Promise.all(sinks.map((s) => s.shutdown!(10_000)));
    await backend.close();
  }
}
