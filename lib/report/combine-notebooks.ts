/**
 * The single submission notebook: the six executed task notebooks, in order, each behind a
 * "Task N" heading cell, outputs kept, execution counts renumbered 1..N across the whole file.
 * A notebook that was never executed, or that holds an error output, stops the build.
 */
import { utc } from "./units";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { MissingInputError } from "./errors";
import { TASKS, rerunHint } from "./tasks";
import { PACKAGE_ROOT } from "../package-root";

interface Cell {
  id?: string;
  cell_type: "markdown" | "code" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: { output_type: string; execution_count?: number | null; [key: string]: unknown }[];
}

interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

export interface CombineOptions {
  /** The project (default: this package's root, wherever the process runs). */
  root?: string;
  /** Default `<root>/report/notebook.ipynb`. */
  out?: string;
}

export interface CombineResult {
  path: string;
  sources: string[];
  cells: number;
  codeCells: number;
}

const text = (source: string | string[]) => (Array.isArray(source) ? source.join("") : source);

/** The task notebook files in `<root>/notebooks`, one per task; all six must exist. */
export function taskNotebooks(root: string): string[] {
  const dir = join(root, "notebooks");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
    : [];
  const missing: string[] = [];
  const found = TASKS.map((t) => {
    const name = files.find((f) => f.startsWith(t.prefix));
    if (!name) missing.push(`  - Task ${t.task} (${t.title}): no notebooks/${t.prefix}*.ipynb`);
    return name ? join(dir, name) : "";
  });
  if (missing.length)
    throw new MissingInputError(
      `The combined notebook needs all six task notebooks; missing:\n${missing.join("\n")}`,
    );
  return found;
}

/** Problems that make an executed notebook unfit for submission (empty when fine). */
export function notebookProblems(nb: Notebook, shown: string): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const hasSource = text(cell.source).trim() !== "";
    if (hasSource && (cell.execution_count === null || cell.execution_count === undefined))
      problems.push(`${shown} cell ${i + 1} was not executed`);
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "error")
        problems.push(
          `${shown} cell ${i + 1} has an error output: ${String(out.ename)}: ${String(out.evalue)}`,
        );
      if (
        out.output_type === "stream" &&
        out.name === "stderr" &&
        /error TS\d+/.test(text(out.text as string | string[]))
      ) {
        problems.push(
          `${shown} cell ${i + 1} printed a TypeScript compile error: ${
            text(out.text as string | string[])
              .trim()
              .split("\n")[0]
          }`,
        );
      }
    }
  });
  return problems;
}

export function combineNotebooks(options: CombineOptions = {}): CombineResult {
  const root = options.root ?? PACKAGE_ROOT;
  const out = options.out ?? join(root, "report", "notebook.ipynb");
  const paths = taskNotebooks(root);
  const cells: Cell[] = [];
  const ids = new Set<string>();
  const uniqueId = (wanted: string | undefined, fallback: string) => {
    let id = (wanted ?? fallback).replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 56) || fallback;
    for (let n = 2; ids.has(id); n++) id = `${(wanted ?? fallback).slice(0, 56)}-${n}`;
    ids.add(id);
    return id;
  };
  const problems: string[] = [];
  const intro = [
    "# LLM Observability Workbook: Assignment 1\n",
    "\n",
    "One notebook with a section per task, combined from the six task notebooks after each ran top to bottom in its own fresh tslab kernel. ",
    "Outputs are those runs' outputs; execution counts are renumbered across this file. To re-run a task, run its notebook in `notebooks/` ",
    "(`npm run task -- <n>`) or the whole workbook (`npm run workbook`).\n",
    "\n",
    ...TASKS.map(
      (t, i) =>
        `- **Task ${t.task}: ${t.title}** (from \`${relative(root, paths[i])}\`, executed ${utc(statSync(paths[i]).mtime)} UTC)\n`,
    ),
  ];
  cells.push({ id: uniqueId("workbook-intro", "intro"), cell_type: "markdown", metadata: {}, source: intro });
  let metadata: Record<string, unknown> = {};
  // Cell ids (nbformat 4.5) are always written, so the combined file is at least 4.5.
  let minor = 5;
  TASKS.forEach((t, i) => {
    const shown = relative(root, paths[i]);
    let nb: Notebook;
    try {
      nb = JSON.parse(readFileSync(paths[i], "utf8")) as Notebook;
    } catch (error) {
      problems.push(`${shown} is not valid notebook JSON (${(error as Error).message})`);
      return;
    }
    if (!Array.isArray(nb.cells) || nb.nbformat !== 4) {
      problems.push(`${shown} is not an nbformat 4 notebook`);
      return;
    }
    const found = notebookProblems(nb, shown);
    if (found.length) problems.push(...found.map((p) => `${p}: ${rerunHint(t)}`));
    if (i === 0) metadata = nb.metadata ?? {};
    minor = Math.max(minor, nb.nbformat_minor ?? 5);
    cells.push({
      id: uniqueId(`task-${t.task}-heading`, `task-${t.task}`),
      cell_type: "markdown",
      metadata: {},
      source: [`# Task ${t.task}: ${t.title}\n`, "\n", `*Section from \`${shown}\`.*`],
    });
    nb.cells.forEach((cell, j) =>
      cells.push({ ...cell, id: uniqueId(cell.id, `task-${t.task}-cell-${j + 1}`) }),
    );
  });
  if (problems.length)
    throw new MissingInputError(
      `Cannot combine the notebooks:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );

  let count = 0;
  for (const cell of cells) {
    if (cell.cell_type !== "code") continue;
    const hasSource = text(cell.source).trim() !== "";
    cell.execution_count = hasSource ? ++count : null;
    cell.outputs = (cell.outputs ?? []).map((o) =>
      "execution_count" in o ? { ...o, execution_count: cell.execution_count } : o,
    );
  }
  const combined: Notebook = {
    nbformat: 4,
    nbformat_minor: minor,
    metadata: {
      ...metadata,
      kernelspec: { name: "tslab", display_name: "TypeScript (tslab, workbook)", language: "typescript" },
      language_info: (metadata.language_info as object) ?? { name: "typescript" },
    },
    cells,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(combined, null, 1) + "\n");
  return { path: out, sources: paths, cells: cells.length, codeCells: count };
}
