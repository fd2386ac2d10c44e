/**
 * Exports plotly figure specs to PNG and SVG with headless Debian Chromium (playwright-core,
 * no browser download), at the figure's fixed size. plotly.js is injected from node_modules
 * and every network request is refused. No browser is an expected outcome, returned as a
 * value with the reason, so a notebook prints it and carries on.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PlotlyFigure } from "../charts";
import { plotlySource } from "./chart-html";
import { withChromiumPage } from "../report/chromium";

export type ChartFormat = "png" | "svg";

export interface ChartExportOptions {
  /** Default `report/figures`. */
  outDir?: string;
  formats?: readonly ChartFormat[];
  /** PNG pixel density (default 2: a 900 x 500 figure becomes 1800 x 1000 px). */
  scale?: number;
  /** Browser binary (default: /usr/bin/chromium, or the other usual Debian paths). */
  executablePath?: string;
}

export type ChartExportResult =
  | { ok: true; files: string[]; message: string }
  | { ok: false; skipped: boolean; files: string[]; message: string };

/** Writes `<outDir>/<name>.<format>` for every figure and format. */
export async function exportCharts(figures: Record<string, PlotlyFigure>, options: ChartExportOptions = {}): Promise<ChartExportResult> {
  const outDir = resolve(options.outDir ?? "report/figures");
  const formats = options.formats ?? ["png", "svg"];
  const scale = options.scale ?? 2;
  const files: string[] = [];
  try {
    await withChromiumPage(
      async (page) => {
        await page.setContent(`<!doctype html><html><body style="margin:0;background:white"><div id="chart"></div></body></html>`);
        await page.addScriptTag({ content: plotlySource().source });
        mkdirSync(outDir, { recursive: true });
        for (const [name, figure] of Object.entries(figures)) {
          const width = Number(figure.layout.width) || 900;
          const height = Number(figure.layout.height) || 500;
          for (const format of formats) {
            // A string expression, so this file needs no DOM types (tslab type-checks without them).
            const script = `(async () => {
              const gd = document.getElementById("chart");
              const fig = ${JSON.stringify(figure)};
              await Plotly.newPlot(gd, fig.data, fig.layout, { staticPlot: true });
              const out = await Plotly.toImage(gd, { format: ${JSON.stringify(format)}, width: ${width}, height: ${height}, scale: ${format === "png" ? scale : 1}, imageDataOnly: true });
              Plotly.purge(gd);
              return out;
            })()`;
            const data = (await page.evaluate(script)) as string;
            const file = join(outDir, `${name}.${format}`);
            writeFileSync(file, format === "png" ? Buffer.from(data, "base64") : data);
            files.push(file);
          }
        }
      },
      { executablePath: options.executablePath },
    );
    return { ok: true, files, message: `exported ${files.length} file(s) to ${outDir} with headless Chromium` };
  } catch (error) {
    const e = error as Error;
    if (e.name === "ChromiumMissingError") {
      return { ok: false, skipped: true, files, message: `chart export skipped: ${e.message}` };
    }
    return { ok: false, skipped: false, files, message: `chart export failed: ${e.message.split("\n")[0]}` };
  }
}
