/**
 * The charts the notebooks exported to `report/figures/` (PNG and/or SVG per chart, same base name).
 * The PDF prefers the SVG (vector), the zip's screenshots take the PNG.
 */
import { capitalised } from "../format";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface Figure {
  /** Base name, e.g. "task5_latency_histogram". */
  name: string;
  caption: string;
  png?: string;
  svg?: string;
}

/** "task5_latency_histogram" → "Latency histogram (Task 5)". */
export function captionFor(name: string): string {
  const task = /^task(\d)[_-]/.exec(name);
  const words = name
    .replace(/^task\d[_-]/, "")
    .replace(/[_-]+/g, " ")
    .trim();
  const sentence = capitalised(words);
  return task ? `${sentence} (Task ${task[1]})` : sentence;
}

/** Groups chart files (PNG and/or SVG of one chart share a base name) into figures, sorted by name. */
export function groupFigures(files: readonly string[]): Figure[] {
  const byName = new Map<string, Figure>();
  for (const path of [...files].sort()) {
    const match = /^(?:.*\/)?([^/]+)\.(png|svg)$/i.exec(path);
    if (!match) continue;
    const name = match[1];
    const figure = byName.get(name) ?? { name, caption: captionFor(name) };
    figure[match[2].toLowerCase() as "png" | "svg"] = path;
    byName.set(name, figure);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every figure in `dir`, sorted by name; an absent directory gives an empty list. */
export function listFigures(dir: string): Figure[] {
  if (!existsSync(dir)) return [];
  return groupFigures(readdirSync(dir).map((file) => join(dir, file)));
}
