/**
 * `npm run package -- --name "<YourName>"`: the submission zip. At its root the deliverables
 * (/notebook.ipynb, /report.pdf, /observability_contract.json, /screenshots/, /data/) and beside
 * them what runs them (package.json, the lockfile, tsconfig.json, lib/, notebooks/, the README,
 * .ci/setup), so `npm run setup && npm run workbook` works in the unzipped folder. Inputs that
 * are missing or older than the outputs they report on are errors naming the command that
 * rebuilds them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { zipSync } from "fflate";
import type { ChromiumOptions } from "../charts/chromium";
import type { CombineResult } from "./combine-notebooks";
import { combineNotebooks } from "./combine-notebooks";
import { MissingInputError } from "./errors";
import { listFigures } from "./figures";
import { pdfPageCount } from "./pdf-pages";
import { projectFiles } from "./project-files";
import { renderTextToPng } from "./render-text-png";
import { submissionFileName } from "./submission-name";
import { traceTreeExcerpt } from "./trace-tree-excerpt";
import { PACKAGE_ROOT } from "../package-root";

export interface PackageOptions {
  /** The project (default: this package's root, wherever the process runs). */
  root?: string;
  /** Your name, for `<name>_LLM_Observability_Assignment1.zip`. */
  name: string;
  /** A directory, or a path ending in .zip (default: `<root>/report/`). */
  out?: string;
  chromium?: ChromiumOptions;
  pages?: { min: number; max: number };
}

export interface PackageResult {
  path: string;
  bytes: number;
  /** Entry names inside the zip, sorted. */
  entries: string[];
  notebook: CombineResult;
  screenshots: string[];
}

/** Every file under `dir`, as paths relative to it (sorted, recursive). */
function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path)];
    });
}

/** The PDF must exist, have 4–6 pages and be newer than every output it reports on. */
function checkReport(root: string, pdf: string, pages: { min: number; max: number }): void {
  const shown = relative(root, pdf);
  if (!existsSync(pdf))
    throw new MissingInputError(
      `${shown} is missing: build it first with npm run report (or npm run workbook).`,
    );
  const count = pdfPageCount(pdf);
  if (count < pages.min || count > pages.max)
    throw new MissingInputError(
      `${shown} has ${count} pages, outside ${pages.min}–${pages.max}: rebuild it with npm run report.`,
    );
  const built = statSync(pdf).mtimeMs;
  const outputs = join(root, "data", "outputs");
  const newer = filesUnder(outputs).filter(
    (f) => f.endsWith(".json") && statSync(join(outputs, f)).mtimeMs > built,
  );
  if (newer.length)
    throw new MissingInputError(
      `${shown} is older than ${newer.map((f) => `data/outputs/${f}`).join(", ")}: its numbers are stale, rebuild it with npm run report.`,
    );
}

export async function packageSubmission(options: PackageOptions): Promise<PackageResult> {
  const root = options.root ?? PACKAGE_ROOT;
  const fileName = submissionFileName(options.name);
  const out = options.out?.endsWith(".zip")
    ? options.out
    : join(options.out ?? join(root, "report"), fileName);
  const pdf = join(root, "report", "report.pdf");
  checkReport(root, pdf, options.pages ?? { min: 4, max: 6 });
  const project = projectFiles(root);
  const contract = join(root, "observability_contract.json");
  if (!existsSync(contract))
    throw new MissingInputError(
      `${contract} is missing: it is the project's contract file and must be in the zip.`,
    );

  const samples = join(root, "data", "samples");
  const trees = filesUnder(samples).filter((f) => /^task4_trace_tree.*\.txt$/.test(f));
  if (trees.length === 0)
    throw new MissingInputError(
      `data/samples/ has no task4_trace_tree*.txt printouts: run notebooks/04_*.ipynb (npm run task -- 4, or npm run workbook).`,
    );
  const charts = listFigures(join(root, "report", "figures")).filter((f) => f.png);
  if (charts.length === 0)
    throw new MissingInputError(
      `report/figures/ has no chart PNGs: run notebooks/05_*.ipynb (npm run task -- 5, or npm run workbook).`,
    );

  const notebook = combineNotebooks({ root });
  const shotsDir = join(root, "report", "screenshots");
  const screenshots = await renderTextToPng(
    // The node skeleton, clipped to a readable width; every attribute stays in the text sample beside it.
    trees.map((f) => ({
      title: `data/samples/${f}: one line per node (attributes in the text file)`,
      text: traceTreeExcerpt(readFileSync(join(samples, f), "utf8"), { maxLines: 40, width: 140 }),
      out: join(shotsDir, f.replace(/\.txt$/, ".png")),
    })),
    options.chromium,
  );

  const entries: Record<string, Uint8Array> = {};
  // Zip entries always use "/", whatever the platform's separator.
  const add = (name: string, path: string) => (entries[name] = readFileSync(path));
  add("notebook.ipynb", notebook.path);
  add("report.pdf", pdf);
  add("observability_contract.json", contract);
  for (const chart of charts) add(`screenshots/${chart.name}.png`, chart.png as string);
  for (const shot of screenshots) add(`screenshots/${relative(shotsDir, shot).split("\\").join("/")}`, shot);
  const architecture = join(root, "report", "architecture.svg");
  if (existsSync(architecture)) add("screenshots/architecture.svg", architecture);
  // The project itself: data/ (knowledge base, eval set, traces, outputs, samples), code, notebooks, setup.
  for (const f of project) add(f, join(root, f));

  // PNG and PDF are already compressed; store them rather than deflate them again.
  const zipped = zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([name, bytes]) => [
        name,
        [bytes, { level: /\.(png|pdf)$/.test(name) ? 0 : 6 }],
      ]),
    ),
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zipped);
  return { path: out, bytes: zipped.length, entries: Object.keys(entries).sort(), notebook, screenshots };
}
