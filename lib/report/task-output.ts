/**
 * One notebook's `data/outputs/<name>.json`, read defensively. Sections read fields through
 * `num`, `str`, `bool`, `list` and `at`, whose errors name the file, the dotted field path and the
 * notebook to re-run, so adapting to a renamed field is a one-line change in a section's field map.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { MissingOutputError, OutputFieldError } from "./errors";
import type { TaskInfo } from "./tasks";
import { taskInfo } from "./tasks";

type Json = unknown;

const kindOf = (value: Json) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`);

export class TaskOutput {
  constructor(
    readonly info: TaskInfo,
    /** Path shown in messages (relative to the project root). */
    readonly file: string,
    readonly data: Json,
    readonly writtenAt: Date,
    /** Dotted prefix of this view inside the file, for messages from `at()` views. */
    readonly prefix = "",
  ) {}

  private full(path: string) {
    return this.prefix ? (path ? `${this.prefix}.${path}` : this.prefix) : path;
  }

  private fail(path: string, problem: string): never {
    throw new OutputFieldError(this.info, this.file, this.full(path), problem);
  }

  /** True when every segment of the dotted path exists (a null value counts as present). */
  has(path: string): boolean {
    return lookup(this.data, path).found;
  }

  /** The raw value at a dotted path ("metrics.p95_latency_ms", "rows.0.before"); missing is an error. */
  get(path: string): Json {
    const { found, value } = lookup(this.data, path);
    if (!found) this.fail(path, "is missing");
    return value;
  }

  num(path: string): number {
    const value = this.get(path);
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(path, `should be a finite number but is ${kindOf(value)} (${JSON.stringify(value)})`);
    return value as number;
  }

  /** A number that may legitimately be null (e.g. no time to first token on a failed call); missing is still an error. */
  optNum(path: string): number | null {
    const value = this.get(path);
    if (value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(path, `should be a finite number or null but is ${kindOf(value)} (${JSON.stringify(value)})`);
    return value as number;
  }

  str(path: string): string {
    const value = this.get(path);
    if (typeof value !== "string") this.fail(path, `should be a string but is ${kindOf(value)}`);
    return value as string;
  }

  /** A string that must be one of `allowed` (e.g. a status). */
  oneOf<T extends string>(path: string, allowed: readonly T[]): T {
    const value = this.str(path);
    if (!(allowed as readonly string[]).includes(value)) this.fail(path, `should be one of ${allowed.join(", ")} but is "${value}"`);
    return value as T;
  }

  bool(path: string): boolean {
    const value = this.get(path);
    if (typeof value !== "boolean") this.fail(path, `should be true or false but is ${kindOf(value)} (${JSON.stringify(value)})`);
    return value as boolean;
  }

  list(path: string): Json[] {
    const value = this.get(path);
    if (!Array.isArray(value)) this.fail(path, `should be an array but is ${kindOf(value)}`);
    return value as Json[];
  }

  /** Keys of an object field. */
  keys(path: string): string[] {
    return Object.keys(this.record(path));
  }

  record(path: string): Record<string, Json> {
    const value = this.get(path);
    if (value === null || typeof value !== "object" || Array.isArray(value)) this.fail(path, `should be an object but is ${kindOf(value)}`);
    return value as Record<string, Json>;
  }

  /** A view of a nested object or array element whose errors still name the full path. */
  at(path: string): TaskOutput {
    const value = this.get(path);
    if (value === null || typeof value !== "object") this.fail(path, `should be an object but is ${kindOf(value)}`);
    return new TaskOutput(this.info, this.file, value, this.writtenAt, this.full(path));
  }

  /** A view of the element of an array field whose `key` equals `value`, e.g. the "production" row. */
  find(path: string, key: string, value: string): TaskOutput {
    const index = this.list(path).findIndex((item) => item !== null && typeof item === "object" && (item as Record<string, Json>)[key] === value);
    if (index < 0) this.fail(path, `has no element with ${key} = "${value}"`);
    return this.at(`${path}.${index}`);
  }

  /** Views of each element of an array field. */
  items(path: string): TaskOutput[] {
    return this.list(path).map((_, i) => this.at(path ? `${path}.${i}` : String(i)));
  }
}

function lookup(data: Json, path: string): { found: boolean; value: Json } {
  let value: Json = data;
  for (const key of path === "" ? [] : path.split(".")) {
    if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, key)) return { found: false, value: undefined };
    value = (value as Record<string, Json>)[key];
  }
  return { found: true, value };
}

export interface ReadTaskOutputOptions {
  /** Project root holding `data/outputs/` (default: the working directory). */
  root?: string;
  /** Reject an output written before this time, e.g. the start of `npm run workbook`. */
  notOlderThan?: Date;
}

/** Reads task `n`'s output file, or throws `MissingOutputError` naming the notebook that writes it. */
export function readTaskOutput(task: number, options: ReadTaskOutputOptions = {}): TaskOutput {
  const info = taskInfo(task);
  const root = options.root ?? process.cwd();
  const path = join(root, "data", "outputs", `${info.output}.json`);
  const shown = relative(root, path);
  if (!existsSync(path)) throw new MissingOutputError(info, shown, "is missing");
  const writtenAt = statSync(path).mtime;
  if (options.notOlderThan && writtenAt.getTime() < options.notOlderThan.getTime()) {
    throw new MissingOutputError(info, shown, `was written at ${writtenAt.toISOString()}, before this run started (${options.notOlderThan.toISOString()}), so its numbers are not from this run`);
  }
  let data: Json;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new MissingOutputError(info, shown, `is not valid JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new MissingOutputError(info, shown, `should hold a JSON object but holds ${kindOf(data)}`);
  return new TaskOutput(info, shown, data, writtenAt);
}
