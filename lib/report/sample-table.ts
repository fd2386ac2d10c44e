/**
 * A Markdown table a notebook saved under `data/samples/` (written by lib/format.ts's
 * `markdownTable`), read back as rows for the report. The sample is the run's own output, so the
 * report shows it rather than a copy of its numbers; a missing, stale or malformed file is an
 * error naming the notebook that writes it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { samplePath } from "../outputs";
import { MissingOutputError } from "./errors";
import { MTIME_SLACK_MS } from "./run-figures";
import { taskInfo } from "./tasks";

export interface SampleTable {
  /** Path shown in messages, relative to the project root. */
  file: string;
  columns: string[];
  rows: Record<string, string>[];
}

/** Splits one `| a | b\| c |` line on unescaped pipes and undoes markdownTable's `\|` escape. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

export interface ReadSampleTableOptions {
  /** The project (default: this package's root, wherever the process runs). */
  root?: string;
  /** Reject a sample written before this time (the run's start), like the outputs. */
  notOlderThan?: Date;
  /** Reject a sample written after this (its task's output): the notebook is mid-run or stopped after writing it. */
  notNewerThan?: Date;
  /** Columns the table must have. */
  columns?: readonly string[];
}

/** The first Markdown table in `data/samples/<file>`, written by task `task`'s notebook. */
export function readSampleTable(
  task: number,
  file: string,
  options: ReadSampleTableOptions = {},
): SampleTable {
  const info = taskInfo(task);
  const shown = `data/samples/${file}`;
  const path = samplePath(file, { root: options.root });
  if (!existsSync(path)) throw new MissingOutputError(info, shown, "is missing");
  const writtenAt = statSync(path).mtime;
  if (options.notOlderThan && writtenAt.getTime() < options.notOlderThan.getTime()) {
    throw new MissingOutputError(
      info,
      shown,
      `was written at ${writtenAt.toISOString()}, before this run started (${options.notOlderThan.toISOString()}), so it is not from this run`,
    );
  }
  if (options.notNewerThan && writtenAt.getTime() > options.notNewerThan.getTime() + MTIME_SLACK_MS) {
    throw new MissingOutputError(
      info,
      shown,
      `was written at ${writtenAt.toISOString()}, after the task's output (${options.notNewerThan.toISOString()}): the notebook is still running or stopped before writing its output`,
    );
  }
  const lines = readFileSync(path, "utf8").split("\n");
  const start = lines.findIndex(
    (l, i) => l.trim().startsWith("|") && /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/.test(lines[i + 1] ?? ""),
  );
  if (start < 0)
    throw new MissingOutputError(
      info,
      shown,
      "holds no Markdown table (a header row followed by a | --- | separator)",
    );
  const columns = cells(lines[start]);
  const missing = (options.columns ?? []).filter((c) => !columns.includes(c));
  if (missing.length)
    throw new MissingOutputError(
      info,
      shown,
      `has a table without the column(s) ${missing.join(", ")} (it has ${columns.join(", ")})`,
    );
  const rows: Record<string, string>[] = [];
  for (let i = start + 2; i < lines.length && lines[i].trim().startsWith("|"); i++) {
    const values = cells(lines[i]);
    if (values.length !== columns.length)
      throw new MissingOutputError(
        info,
        shown,
        `line ${i + 1} has ${values.length} cells, the header ${columns.length}`,
      );
    rows.push(Object.fromEntries(columns.map((c, j) => [c, values[j]])));
  }
  if (rows.length === 0) throw new MissingOutputError(info, shown, "has a table with no rows");
  return { file: shown, columns, rows };
}
