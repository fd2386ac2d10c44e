/**
 * Where `--promote` reads production traces from. A `TraceSource` is one async function, so the
 * JSONL export and the local DuckDB store (store-trace-source.ts) plug in without the promotion logic knowing which.
 * `jsonlTraceSource` reads TraceSchema traces, one a line, each optionally with user feedback:
 * either `{...trace, "feedback": "down"}` or `{"trace": {...}, "feedback": "down"}`.
 */
import { WorkbookError } from "../workbook-error";
import { readFileSync } from "node:fs";
import { jsonlLines } from "../jsonl";
import { parseTrace, type Trace } from "../schema";
import type { FeedbackValue } from "../tracing/feedback-sink";

/** Thumbs up or down (`1`/`0`, the Langfuse and LangSmith score convention, and `-1` are read too). */
export type { FeedbackValue };

export interface TraceWithFeedback {
  trace: Trace;
  feedback?: FeedbackValue;
}

export interface TraceSourceResult {
  items: TraceWithFeedback[];
  /** Lines that were not valid traces, with why: counted and shown, never dropped silently. */
  rejected: { line: number; errors: string[] }[];
}

export type TraceSource = () => Promise<TraceSourceResult>;

/** A source that cannot be read at all (missing file, directory): the CLI prints it and exits 2. */
export class TraceSourceError extends WorkbookError {
  override name = "TraceSourceError";
}

const FEEDBACK: Record<string, FeedbackValue> = {
  up: "up",
  down: "down",
  thumbs_up: "up",
  thumbs_down: "down",
  "1": "up",
  "0": "down",
  "-1": "down",
};

/** Normalises a feedback value; undefined/null mean none; anything else is an error message. */
export function parseFeedback(
  value: unknown,
): { ok: true; value?: FeedbackValue } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true };
  const known = FEEDBACK[String(value).trim().toLowerCase()];
  return known
    ? { ok: true, value: known }
    : {
        ok: false,
        error: `feedback: must be one of up, down, thumbs_up, thumbs_down, 1, 0, -1 (got ${JSON.stringify(value)})`,
      };
}

/** Parses JSONL text of traces with optional feedback. */
export function parseTraceFeedbackJsonl(text: string): TraceSourceResult {
  const items: TraceWithFeedback[] = [];
  const rejected: TraceSourceResult["rejected"] = [];
  for (const entry of jsonlLines(text)) {
    if (entry.ok === false) {
      rejected.push({ line: entry.line, errors: [entry.error] });
      continue;
    }
    const data = entry.data as Record<string, unknown> | null;
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      rejected.push({ line: entry.line, errors: ["(root): must be a JSON object (a trace)"] });
      continue;
    }
    const wrapped = typeof data.trace === "object" && data.trace !== null;
    const { feedback, ...rest } = data;
    const feedbackResult = parseFeedback(feedback);
    const traceResult = parseTrace(wrapped ? data.trace : rest);
    const errors = [
      ...(traceResult.ok === false ? traceResult.errors.map((e) => (wrapped ? `trace.${e}` : e)) : []),
      ...(feedbackResult.ok === false ? [feedbackResult.error] : []),
    ];
    if (errors.length || traceResult.ok === false || feedbackResult.ok === false)
      rejected.push({ line: entry.line, errors });
    else
      items.push({
        trace: traceResult.trace,
        ...(feedbackResult.value ? { feedback: feedbackResult.value } : {}),
      });
  }
  return { items, rejected };
}

/** Reads a JSONL file when called. An unreadable file is a `TraceSourceError` naming the path and the problem. */
export function jsonlTraceSource(path: string): TraceSource {
  return async () => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new TraceSourceError(
        `cannot read traces from ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message}`,
      );
    }
    return parseTraceFeedbackJsonl(text);
  };
}
