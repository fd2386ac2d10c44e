/**
 * `--promote` from the local trace store: the redacted traces the service persisted to the
 * embedded backend's DuckDB file (`traces` table), each joined to the last user feedback the
 * hubs received on it (a Langfuse `user_feedback` score or a LangSmith `user_thumbs` feedback,
 * as stored in the `events` table). Reads a live `TraceStore` in-process (notebook 04), or the
 * store's folder from the CLI, opening each `traces*.duckdb` file there read-only.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { parseTrace } from "../schema";
import { LANGFUSE_FEEDBACK_SCORE, LANGSMITH_FEEDBACK_KEY } from "../tracing/feedback-sink";
import type { TraceStore } from "../tracing/trace-store";
import {
  TraceSourceError,
  type TraceSource,
  type TraceSourceResult,
  type TraceWithFeedback,
} from "./trace-source";

/**
 * Traces with their latest feedback score (1 up, 0 down, null none). Feedback may name the trace
 * by its UUID or its 32-hex OTel id. With `byRun`, `$3` is the one run whose traces are read.
 */
export const storeTracesSql = ({ byRun = false } = {}) => `WITH feedback AS (
  SELECT
    replace(CASE WHEN protocol = 'langsmith' THEN payload->>'run_id' ELSE payload->>'traceId' END, '-', '') AS hex,
    TRY_CAST(CASE WHEN protocol = 'langsmith' THEN payload->>'score' ELSE payload->>'value' END AS DOUBLE) AS score,
    received_at,
    seq
  FROM events
  WHERE (protocol = 'langfuse' AND kind = 'score-create' AND (payload->>'name') = $1)
     OR (protocol = 'langsmith' AND kind = 'feedback' AND (payload->>'key') = $2)
),
latest AS (SELECT hex, arg_max(score, (received_at, seq)) AS score FROM feedback GROUP BY hex)
SELECT CAST(t.trace AS VARCHAR) AS trace, l.score AS feedback_score
FROM traces t LEFT JOIN latest l ON l.hex = replace(t.trace_id, '-', '')
WHERE t.trace IS NOT NULL${byRun ? " AND t.run = $3" : ""}
ORDER BY t.received_at`;

type Row = Record<string, unknown>;

function toItems(rows: readonly Row[], where: string): TraceSourceResult {
  const items: TraceWithFeedback[] = [];
  const rejected: TraceSourceResult["rejected"] = [];
  rows.forEach((row, i) => {
    let data: unknown;
    try {
      data = JSON.parse(String(row.trace));
    } catch (error) {
      rejected.push({
        line: i + 1,
        errors: [`${where} row ${i + 1}: trace is not JSON (${(error as Error).message})`],
      });
      return;
    }
    const parsed = parseTrace(data);
    if (parsed.ok === false) {
      rejected.push({ line: i + 1, errors: parsed.errors.map((e) => `${where} row ${i + 1}: ${e}`) });
      return;
    }
    const score =
      row.feedback_score === null || row.feedback_score === undefined ? null : Number(row.feedback_score);
    items.push({
      trace: parsed.trace,
      ...(score === null ? {} : { feedback: score >= 0.5 ? "up" : "down" }),
    });
  });
  return { items, rejected };
}

/** A live store (the service's embedded backend, in this process); `thisRunOnly` skips what earlier runs left in the file. */
export function liveStoreTraceSource(store: TraceStore, { thisRunOnly = false } = {}): TraceSource {
  return async () => {
    if (!store.persistence)
      throw new TraceSourceError(
        "this trace store keeps no DuckDB file (dir: null): no traces were persisted",
      );
    const rows = await store.query(
      storeTracesSql({ byRun: thisRunOnly }),
      thisRunOnly
        ? [LANGFUSE_FEEDBACK_SCORE, LANGSMITH_FEEDBACK_KEY, store.run]
        : [LANGFUSE_FEEDBACK_SCORE, LANGSMITH_FEEDBACK_KEY],
    );
    return toItems(rows, basename(store.persistence.path));
  };
}

/** The DuckDB files of a store folder (`traces.duckdb`, and `traces-<pid>.duckdb` from a second process), or the one file named. */
export function storeFiles(path: string): string[] {
  if (!existsSync(path))
    throw new TraceSourceError(`cannot read the trace store at ${path}: no such file or folder`);
  if (!statSync(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => /^traces(-\d+)?\.duckdb$/.test(f))
    .sort()
    .map((f) => join(path, f));
  if (!files.length)
    throw new TraceSourceError(
      `no trace store in ${path} (no traces*.duckdb): run the service (npm run serve) or the workbook first`,
    );
  return files;
}

/** A store folder (or one `.duckdb` file) on disk, opened read-only. A file a running service holds is a clear error. */
export function fileStoreTraceSource(path: string): TraceSource {
  return async () => {
    const merged: TraceSourceResult = { items: [], rejected: [] };
    for (const file of storeFiles(path)) {
      let instance: DuckDBInstance;
      try {
        instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY" });
      } catch (error) {
        const message = (error as Error).message;
        throw new TraceSourceError(
          /lock/i.test(message)
            ? `the trace store ${file} is open in a running service (DuckDB allows one writer): stop it, then run --promote again`
            : `cannot open the trace store ${file}: ${message.split("\n")[0]}`,
        );
      }
      let connection: DuckDBConnection | undefined;
      try {
        connection = await instance.connect();
        const tables = await connection.runAndReadAll(
          "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'traces' AND column_name = 'trace'",
        );
        if (Number((tables.getRowObjectsJson()[0] as Row).n) === 0) continue; // a file from before traces were kept
        const reader = await connection.runAndReadAll(storeTracesSql(), [
          LANGFUSE_FEEDBACK_SCORE,
          LANGSMITH_FEEDBACK_KEY,
        ]);
        const part = toItems(reader.getRowObjectsJson() as Row[], basename(file));
        merged.items.push(...part.items);
        merged.rejected.push(...part.rejected);
      } finally {
        connection?.closeSync();
        instance.closeSync();
      }
    }
    return merged;
  };
}
