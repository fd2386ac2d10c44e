/**
 * A throw-away project root for the report and packaging tests. It uses the real notebooks,
 * outputs, samples and charts when a full set exists in the checkout, and fixtures otherwise,
 * and always the real observability_contract.json.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TASKS } from "../tasks";
import { barChartPng, barChartSvg } from "./png";
import { FIXTURE_CHARTS, FIXTURE_OUTPUTS, FIXTURE_TRACE_TREES } from "./task-outputs";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface WorkbookRoot {
  root: string;
  /** Where outputs, samples and charts came from. */
  outputs: "real" | "fixtures";
  notebooks: "real" | "fixtures";
  cleanup(): void;
}

const realNotebook = (task: (typeof TASKS)[number]) => {
  const dir = join(projectRoot, "notebooks");
  return existsSync(dir)
    ? readdirSync(dir).find((f) => f.startsWith(task.prefix) && f.endsWith(".ipynb"))
    : undefined;
};

export function realOutputsPresent(): boolean {
  const figures = join(projectRoot, "report", "figures");
  return (
    TASKS.every((t) => existsSync(join(projectRoot, "data", "outputs", `${t.output}.json`))) &&
    existsSync(figures) &&
    readdirSync(figures).some((f) => /\.(png|svg)$/.test(f))
  );
}

export function realNotebooksPresent(): boolean {
  return TASKS.every((t) => realNotebook(t) !== undefined);
}

/** A small executed notebook in the shape nbconvert + task.mjs leave behind. */
export function fixtureNotebook(
  task: number,
  options: { error?: boolean; unexecuted?: boolean } = {},
): object {
  const count = (n: number) => (options.unexecuted ? null : n);
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript (tslab, workbook)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: [
      {
        id: `t${task}-title`,
        cell_type: "markdown",
        metadata: {},
        source: [`# Task ${task}: fixture notebook\n`, "What you will see: a value, a table, a write-up."],
      },
      {
        id: `t${task}-setup`,
        cell_type: "code",
        metadata: {},
        execution_count: count(1),
        source: ['import { htmlTable } from "./lib";'],
        outputs: [],
      },
      {
        id: `t${task}-value`,
        cell_type: "code",
        metadata: {},
        execution_count: count(2),
        source: [`htmlTable([{ task: "${task}" }])`],
        outputs: options.error
          ? [{ output_type: "error", ename: "TypeError", evalue: "boom", traceback: ["TypeError: boom"] }]
          : [
              {
                output_type: "execute_result",
                execution_count: count(2),
                metadata: {},
                data: { "text/plain": ["3"] },
              },
            ],
      },
      {
        id: `t${task}-print`,
        cell_type: "code",
        metadata: {},
        execution_count: count(3),
        source: ['console.log("done")'],
        outputs: [{ output_type: "stream", name: "stdout", text: ["done\n"] }],
      },
      {
        id: `t${task}-next`,
        cell_type: "markdown",
        metadata: {},
        source: ["## What to try next\n", "- change the seed"],
      },
    ],
  };
}

const NOTEBOOK_NAMES = [
  "01_observability_gap",
  "02_trace_schema",
  "03_pii_redaction",
  "04_tracing",
  "05_metrics_dashboard",
  "06_contract_sampling",
];

export function writeFixtureNotebooks(root: string): void {
  mkdirSync(join(root, "notebooks"), { recursive: true });
  NOTEBOOK_NAMES.forEach((name, i) =>
    writeFileSync(join(root, "notebooks", `${name}.ipynb`), JSON.stringify(fixtureNotebook(i + 1), null, 1)),
  );
}

export function writeFixtureOutputs(root: string): void {
  const dir = (...p: string[]) => {
    const path = join(root, ...p);
    mkdirSync(path, { recursive: true });
    return path;
  };
  for (const [file, text] of Object.entries(FIXTURE_TRACE_TREES))
    writeFileSync(join(dir("data", "samples"), file), text);
  writeFileSync(join(dir("data", "samples"), "task2_valid_traces.json"), "[]\n");
  writeFileSync(
    join(dir("data", "samples"), "task3_redaction_before_after.md"),
    "# Task 3: the demo trace before and after stripPii\n\n| path | before | after |\n| --- | --- | --- |\n| input_text | Hi, I'm jane.doe@example.com \\| order ORD-2026-004512 | Hi, I'm [REDACTED_EMAIL] \\| order ORD-2026-004512 |\n| user_id | cust_88213 | uid_4f1c9e0b7a2d4f1c9e0b7a2d4f1c9e0b |\n",
  );
  for (const [name, bars] of Object.entries(FIXTURE_CHARTS)) {
    writeFileSync(join(dir("report", "figures"), `${name}.png`), barChartPng(bars));
    writeFileSync(join(dir("report", "figures"), `${name}.svg`), barChartSvg(name, bars));
  }
  // Outputs last, as a notebook writes them: the report rejects charts and samples newer than their output.
  for (const [name, data] of Object.entries(FIXTURE_OUTPUTS))
    writeFileSync(join(dir("data", "outputs"), `${name}.json`), JSON.stringify(data, null, 2));
}

/** A temp root: real inputs where the checkout has a complete set, fixtures otherwise. */
export function makeWorkbookRoot(options: { useReal?: boolean } = {}): WorkbookRoot {
  const useReal = options.useReal ?? true;
  const root = mkdtempSync(join(tmpdir(), "workbook-report-"));
  cpSync(join(projectRoot, "observability_contract.json"), join(root, "observability_contract.json"));
  // The project around the deliverables, which the zip carries so that it runs.
  for (const file of ["package.json", "package-lock.json", "tsconfig.json", "README.md"])
    cpSync(join(projectRoot, file), join(root, file));
  for (const dir of [".ci", "lib", join("data", "kb"), join("data", "eval")]) {
    if (existsSync(join(projectRoot, dir)))
      cpSync(join(projectRoot, dir), join(root, dir), {
        recursive: true,
        filter: (src) => !/node_modules|\.jupyter/.test(src),
      });
  }
  const outputs = useReal && realOutputsPresent() ? "real" : "fixtures";
  if (outputs === "real") {
    // Keep the real mtimes: the report checks that samples and charts were written with their outputs.
    for (const p of [
      ["data", "outputs"],
      ["data", "samples"],
      ["report", "figures"],
    ])
      cpSync(join(projectRoot, ...p), join(root, ...p), { recursive: true, preserveTimestamps: true });
  } else {
    writeFixtureOutputs(root);
  }
  const notebooks = useReal && realNotebooksPresent() ? "real" : "fixtures";
  if (notebooks === "real") {
    mkdirSync(join(root, "notebooks"));
    for (const t of TASKS)
      cpSync(
        join(projectRoot, "notebooks", realNotebook(t) as string),
        join(root, "notebooks", realNotebook(t) as string),
      );
  } else {
    writeFixtureNotebooks(root);
  }
  return { root, outputs, notebooks, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
