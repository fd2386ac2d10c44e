/**
 * One notebook's `data/outputs/<name>.json`, read once and validated against its zod schema
 * (lib/outputs/). The report's sections then read typed fields; a missing file is a
 * `MissingOutputError` and every field that does not fit is listed in one `OutputFieldError`,
 * both naming the notebook to re-run.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import { outputPath } from "../outputs";
import type { LoadedTaskOutputs, TaskOutputName } from "../outputs/task-outputs";
import { TASK_OUTPUT_SCHEMAS } from "../outputs/task-outputs";
import { MissingOutputError, OutputFieldError } from "./errors";
import type { TaskInfo } from "./tasks";
import { taskOfOutput } from "./tasks";
import { PACKAGE_ROOT } from "../package-root";

export interface TaskOutput<K extends TaskOutputName = TaskOutputName> {
  info: TaskInfo;
  /** Path shown in messages (relative to the project root). */
  file: string;
  data: LoadedTaskOutputs[K];
  writtenAt: Date;
}

export interface ReadTaskOutputOptions {
  /** Project root holding `data/outputs/` (default: this package's root, wherever the process runs). */
  root?: string;
  /** Reject an output written before this time, e.g. the start of `npm run workbook`. */
  notOlderThan?: Date;
}

/** Reads and validates output `name`, or throws an error naming the notebook that writes it. */
export function readTaskOutput<K extends TaskOutputName>(
  name: K,
  options: ReadTaskOutputOptions = {},
): TaskOutput<K> {
  const info = taskOfOutput(name);
  const root = options.root ?? PACKAGE_ROOT;
  const path = outputPath(name, { root });
  const shown = relative(root, path);
  if (!existsSync(path)) throw new MissingOutputError(info, shown, "is missing");
  const writtenAt = statSync(path).mtime;
  if (options.notOlderThan && writtenAt.getTime() < options.notOlderThan.getTime()) {
    throw new MissingOutputError(
      info,
      shown,
      `was written at ${writtenAt.toISOString()}, before this run started (${options.notOlderThan.toISOString()}), so its numbers are not from this run`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new MissingOutputError(info, shown, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = TASK_OUTPUT_SCHEMAS[name].safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join(".") || "(root)",
      problem: issue.message.replace(/^Invalid input: /, ""),
    }));
    throw new OutputFieldError(info, shown, problems);
  }
  return { info, file: shown, data: parsed.data as LoadedTaskOutputs[K], writtenAt };
}

export type AllTaskOutputs = { [K in TaskOutputName]: TaskOutput<K> };
