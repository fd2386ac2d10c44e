/**
 * Exports plotly figure specs to PNG and SVG files with headless Debian Chromium (playwright-core,
 * no browser download), at the figure's fixed size, through the shared ChartRenderer: a chart a
 * notebook already displayed is written from the same render, not drawn again. No browser is an
 * expected outcome, returned as a value with the reason, so a notebook prints it and carries on.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PlotlyFigure } from "../charts";
import { packagePath } from "../package-root";
import { ChartRenderer, sharedChartRenderer, type ChartFormat } from "./chart-renderer";

export type { ChartFormat } from "./chart-renderer";

export interface ChartExportOptions {
  /** Default: the package's `report/figures`. */
  outDir?: string;
  formats?: readonly ChartFormat[];
  /** PNG pixel density (default 2: a 900 x 500 figure becomes 1800 x 1000 px). */
  scale?: number;
  /** Browser binary (default: /usr/bin/chromium, or the other usual Debian paths). Ignored when `renderer` is given. */
  executablePath?: string;
  /** Default: the process-wide renderer (one browser for every chart). */
  renderer?: ChartRenderer;
}

export type ChartExportResult =
  | { ok: true; files: string[]; message: string }
  | { ok: false; skipped: boolean; files: string[]; message: string };

/** Writes `<outDir>/<name>.<format>` for every figure and format. */
export async function exportCharts(
  figures: Record<string, PlotlyFigure>,
  options: ChartExportOptions = {},
): Promise<ChartExportResult> {
  const outDir = resolve(options.outDir ?? packagePath("report", "figures"));
  const formats = options.formats ?? ["png", "svg"];
  const scale = options.scale ?? 2;
  // A browser path asks for a renderer of its own, closed when done.
  const owned = options.renderer === undefined && options.executablePath !== undefined;
  const renderer =
    options.renderer ??
    (owned ? new ChartRenderer({ executablePath: options.executablePath }) : sharedChartRenderer());
  const files: string[] = [];
  try {
    mkdirSync(outDir, { recursive: true });
    for (const [name, figure] of Object.entries(figures)) {
      for (const format of formats) {
        const data = await renderer.render(figure, format, scale);
        const file = join(outDir, `${name}.${format}`);
        writeFileSync(file, format === "png" ? Buffer.from(data, "base64") : data);
        files.push(file);
      }
    }
    return {
      ok: true,
      files,
      message: `exported ${files.length} file(s) to ${outDir} with headless Chromium`,
    };
  } catch (error) {
    const e = error as Error;
    if (e.name === "ChromiumMissingError") {
      return { ok: false, skipped: true, files, message: `chart export skipped: ${e.message}` };
    }
    return { ok: false, skipped: false, files, message: `chart export failed: ${e.message.split("\n")[0]}` };
  } finally {
    if (owned) await renderer.close();
  }
}
