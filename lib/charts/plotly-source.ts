/**
 * plotly.js for headless Chromium, read from node_modules (never the network). The bundle is
 * 10 MB; when esbuild (installed with tsx) is available it is minified once into data/runtime/,
 * which roughly halves the parse time of every browser that loads it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { packagePath } from "../package-root";

// The package's own dependencies, wherever the process runs.
const require_ = createRequire(packagePath("package.json"));

/** Absolute path of plotly.js-dist's browser bundle. */
export function plotlyBundlePath(): string {
  return require_.resolve("plotly.js-dist/plotly.js");
}

/** The plotly.js source: minified through esbuild into `cacheDir` when possible, else the bundle as shipped. */
export function plotlySource(options: { minify?: boolean; cacheDir?: string } = {}): {
  source: string;
  minified: boolean;
} {
  const bundle = plotlyBundlePath();
  const raw = () => ({ source: readFileSync(bundle, "utf8"), minified: false });
  if (options.minify === false) return raw();
  const version = (
    JSON.parse(readFileSync(join(dirname(bundle), "package.json"), "utf8")) as { version: string }
  ).version;
  const cached = join(
    resolve(options.cacheDir ?? packagePath("data", "runtime")),
    `plotly-${version}.min.js`,
  );
  if (existsSync(cached)) return { source: readFileSync(cached, "utf8"), minified: true };
  try {
    const esbuild = require_("esbuild") as {
      transformSync(code: string, o: { minify: boolean; logLevel?: string }): { code: string };
    };
    const { code } = esbuild.transformSync(readFileSync(bundle, "utf8"), {
      minify: true,
      logLevel: "silent",
    });
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, code);
    return { source: code, minified: true };
  } catch {
    return raw(); // no esbuild: the unminified bundle works the same, it is only bigger
  }
}
