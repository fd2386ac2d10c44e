/**
 * Renders plotly figure specs to PNG (base64) or SVG in one headless Chromium that stays open
 * while charts keep coming: starting Chromium and parsing plotly.js cost more than drawing a
 * chart, so a notebook pays them once. The browser closes after `idleMs` without work (the timer
 * never keeps a process alive). Results are cached by figure, so the image a notebook shows and
 * the file the report embeds are the same bytes.
 */
import type { PlotlyFigure } from "../charts";
import { openChromiumPage, type ChromiumPage } from "./chromium";
import { plotlySource } from "./plotly-source";

export type ChartFormat = "png" | "svg";

export interface ChartRendererOptions {
  /** Browser binary (default: /usr/bin/chromium, or the other usual Debian paths). */
  executablePath?: string;
  /** Close the browser after this long without a render (default 20 s). */
  idleMs?: number;
  /** Most renders kept in memory (default 64). */
  maxCached?: number;
}

/** FNV-1a over the figure JSON: a stable cache key. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + text.length.toString(36);
}

/** Pixel size a figure is drawn at (its fixed layout size, 900 x 500 by default). */
export function figureSize(figure: PlotlyFigure): { width: number; height: number } {
  return { width: Number(figure.layout.width) || 900, height: Number(figure.layout.height) || 500 };
}

export class ChartRenderer {
  private browser?: Promise<ChromiumPage>;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer?: ReturnType<typeof setTimeout>;
  private readonly cache = new Map<string, string>();
  /** Browsers started so far (a test and the notebooks check reuse with it). */
  launches = 0;

  constructor(private readonly options: ChartRendererOptions = {}) {}

  /** PNG as base64 at `scale` x the figure size, or SVG text at the figure size. Throws ChromiumMissingError without a browser. */
  render(figure: PlotlyFigure, format: ChartFormat, scale = 2): Promise<string> {
    const json = JSON.stringify({ data: figure.data, layout: figure.layout });
    const key = `${hash(json)}:${format}:${format === "png" ? scale : 1}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    // One page draws one chart at a time: renders queue behind each other.
    const job = this.queue.then(() => this.draw(json, figure, format, scale));
    this.queue = job.catch(() => undefined);
    return job.then((out) => {
      this.cache.set(key, out);
      if (this.cache.size > (this.options.maxCached ?? 64))
        this.cache.delete(this.cache.keys().next().value as string);
      return out;
    });
  }

  /** Closes the browser now (it reopens on the next render). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  private async page(): Promise<ChromiumPage> {
    if (!this.browser) {
      this.launches++;
      this.browser = (async () => {
        const opened = await openChromiumPage({ executablePath: this.options.executablePath });
        await opened.page.setContent(
          `<!doctype html><html><body style="margin:0;background:white"><div id="chart"></div></body></html>`,
        );
        await opened.page.addScriptTag({ content: plotlySource().source });
        return opened;
      })();
      this.browser.catch(() => (this.browser = undefined));
    }
    return this.browser;
  }

  private async draw(
    json: string,
    figure: PlotlyFigure,
    format: ChartFormat,
    scale: number,
  ): Promise<string> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const { page } = await this.page();
    const { width, height } = figureSize(figure);
    // A string expression, so this file needs no DOM types (tslab type-checks without them).
    const script = `(async () => {
      const gd = document.getElementById("chart");
      const fig = ${json};
      await Plotly.newPlot(gd, fig.data, fig.layout, { staticPlot: true });
      const out = await Plotly.toImage(gd, { format: ${JSON.stringify(format)}, width: ${width}, height: ${height}, scale: ${format === "png" ? scale : 1}, imageDataOnly: true });
      Plotly.purge(gd);
      return out;
    })()`;
    try {
      return (await page.evaluate(script)) as string;
    } finally {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs ?? 20_000);
      this.idleTimer.unref?.();
    }
  }
}

let shared: ChartRenderer | undefined;

/** The process-wide renderer: one browser for every chart of a notebook. */
export function sharedChartRenderer(): ChartRenderer {
  shared ??= new ChartRenderer();
  return shared;
}
