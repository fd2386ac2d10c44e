/**
 * Interactive plotly charts in a notebook without any network: `plotlyScriptHtml()` inlines
 * plotly.js-dist from node_modules once (display it in one cell), then `figureHtml(figure)`
 * outputs are small divs that draw as soon as `window.Plotly` exists. The bundle is 10 MB;
 * when esbuild (installed with tsx) is available it is minified once into data/runtime/,
 * roughly halving what the notebook stores.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { PlotlyFigure } from "../charts";

const require_ = createRequire(resolve("package.json"));

/** Absolute path of plotly.js-dist's browser bundle. */
export function plotlyBundlePath(): string {
  return require_.resolve("plotly.js-dist/plotly.js");
}

/** The plotly.js source: minified through esbuild into `cacheDir` when possible, else the bundle as shipped. */
export function plotlySource(options: { minify?: boolean; cacheDir?: string } = {}): { source: string; minified: boolean } {
  const bundle = plotlyBundlePath();
  const raw = () => ({ source: readFileSync(bundle, "utf8"), minified: false });
  if (options.minify === false) return raw();
  const version = (JSON.parse(readFileSync(join(dirname(bundle), "package.json"), "utf8")) as { version: string }).version;
  const cached = join(resolve(options.cacheDir ?? "data/runtime"), `plotly-${version}.min.js`);
  if (existsSync(cached)) return { source: readFileSync(cached, "utf8"), minified: true };
  try {
    const esbuild = require_("esbuild") as { transformSync(code: string, o: { minify: boolean; logLevel?: string }): { code: string } };
    const { code } = esbuild.transformSync(readFileSync(bundle, "utf8"), { minify: true, logLevel: "silent" });
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, code);
    return { source: code, minified: true };
  } catch {
    return raw(); // no esbuild: the unminified bundle works the same, it is only bigger
  }
}

const scriptSafe = (code: string) => code.replace(/<\/(script)/gi, "<\\/$1");

/** One `<script>` defining `window.Plotly`; display it once, before any figure. */
export function plotlyScriptHtml(options: { minify?: boolean; cacheDir?: string } = {}): string {
  return `<script type="text/javascript">${scriptSafe(plotlySource(options).source)}</script><div style="color:#6b7280;font-size:12px">plotly.js loaded from node_modules (no network)</div>`;
}

/** FNV-1a, so a figure's div id is stable run to run (committed notebooks stay diff-free). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** A div that draws `figure` once plotly.js is loaded (waits for it if the bundle is still parsing). */
export function figureHtml(figure: PlotlyFigure, options: { id?: string } = {}): string {
  const json = scriptSafe(JSON.stringify({ data: figure.data, layout: figure.layout }));
  const id = options.id ?? `plotly-${hash(json)}`;
  return (
    `<div id="${id}" style="width:${Number(figure.layout.width) || 900}px;height:${Number(figure.layout.height) || 500}px"></div>` +
    `<script type="text/javascript">(function(){var f=${json};var tries=0;function draw(){` +
    `if(window.Plotly){window.Plotly.newPlot(${JSON.stringify(id)},f.data,f.layout,{responsive:false,displaylogo:false});}` +
    `else if(tries++<200){setTimeout(draw,50);}}draw();})();</script>`
  );
}
