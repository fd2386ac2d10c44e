/**
 * Where notebooks leave their results for the report and the submission zip:
 * `data/outputs/<name>.json` (numbers the report reads, typed by lib/outputs/task-outputs.ts)
 * and `data/samples/<name>` (output samples).
 * Paths are relative to the package root (lib/package-root.ts) unless the caller gives a `root`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { PACKAGE_ROOT } from "./package-root";
import type { TaskOutputName, TaskOutputs } from "./outputs/task-outputs";

export interface OutputPaths {
  /** The project the outputs belong to (default: this package's root, wherever the process runs). */
  root?: string;
}

const rootOf = (options: OutputPaths) => resolve(options.root ?? PACKAGE_ROOT);

/** `<root>/data/outputs/<name>.json`: where a notebook's output is written and the report reads it. */
export const outputPath = (name: TaskOutputName, options: OutputPaths = {}) =>
  join(rootOf(options), "data", "outputs", `${name}.json`);

/** `<root>/data/samples/<file>`. */
export const samplePath = (file: string, options: OutputPaths = {}) =>
  join(rootOf(options), "data", "samples", file);

/**
 * Writes `data/outputs/<name>.json` and returns its path relative to the root (stable across
 * machines). `data` is typed per output name, so a misspelled or missing field fails to compile.
 */
export function writeOutput<K extends TaskOutputName>(
  name: K,
  data: TaskOutputs[K],
  options: OutputPaths = {},
): string {
  const path = outputPath(name, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + "\n");
  return relative(rootOf(options), path);
}

/** Writes `data/samples/<file>` (text or JSON) and returns its path relative to the root. */
export function writeSample(file: string, content: string | object, options: OutputPaths = {}): string {
  const path = samplePath(file, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2) + "\n");
  return relative(rootOf(options), path);
}
