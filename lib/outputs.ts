/**
 * Where notebooks leave their results for the report and the submission zip:
 * `data/outputs/<name>.json` (numbers the report reads) and `data/samples/<name>` (output samples).
 * Paths are relative to the project root, which is the tslab kernel's working directory.
 */
import { mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export interface OutputPaths {
  root?: string;
}

const rootOf = (options: OutputPaths) => resolve(options.root ?? process.cwd());

/** Writes `data/outputs/<name>.json` and returns its path relative to the root (stable across machines). */
export function writeOutput(name: string, data: unknown, options: OutputPaths = {}): string {
  const path = join(rootOf(options), "data", "outputs", `${name}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + "\n");
  return relative(rootOf(options), path);
}

/** Reads `data/outputs/<name>.json`, or throws an error naming the notebook that writes it. */
export function readOutput<T = unknown>(name: string, options: OutputPaths = {}): T {
  const path = join(rootOf(options), "data", "outputs", `${name}.json`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run the notebook that writes "${name}" first (npm run workbook).`);
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Writes `data/samples/<file>` (text or JSON) and returns its path relative to the root. */
export function writeSample(file: string, content: string | object, options: OutputPaths = {}): string {
  const path = join(rootOf(options), "data", "samples", file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2) + "\n");
  return relative(rootOf(options), path);
}
