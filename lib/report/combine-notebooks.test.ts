/**
 * The combined notebook: six "Task N" sections in order, outputs kept, no error outputs, execution
 * counts 1..N. Checked on the real executed notebooks when all six exist, and on fixtures always.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureNotebook, makeWorkbookRoot, realNotebooksPresent } from "./__fixtures__/workbook-root";
import type { WorkbookRoot } from "./__fixtures__/workbook-root";
import { combineNotebooks } from "./combine-notebooks";
import { MissingInputError } from "./errors";
import { TASKS } from "./tasks";

type Nb = {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec: { name: string } };
  cells: {
    id: string;
    cell_type: string;
    source: string[] | string;
    execution_count?: number | null;
    outputs?: { output_type: string; execution_count?: number | null }[];
  }[];
};

const roots: WorkbookRoot[] = [];
const newRoot = (useReal: boolean) => {
  const w = makeWorkbookRoot({ useReal });
  roots.push(w);
  return w;
};
afterAll(() => roots.forEach((w) => w.cleanup()));

const source = (cell: { source: string[] | string }) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

/** The properties every combined notebook must have, whatever it was built from. */
function expectSubmittable(nb: Nb) {
  // The section cells this generator adds (the notebooks' own titles may also start with "# Task N").
  const headings = nb.cells
    .filter((c) => /^task-\d-heading$/.test(c.id))
    .map((c) => source(c).split("\n")[0]);
  expect(headings).toEqual(TASKS.map((t) => `# Task ${t.task}: ${t.title}`));
  const code = nb.cells.filter((c) => c.cell_type === "code" && source(c).trim() !== "");
  expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
  for (const cell of code) {
    for (const out of cell.outputs ?? []) {
      expect(out.output_type).not.toBe("error");
      if ("execution_count" in out) expect(out.execution_count).toBe(cell.execution_count);
    }
  }
  expect(new Set(nb.cells.map((c) => c.id)).size).toBe(nb.cells.length);
  expect(nb.metadata.kernelspec.name).toBe("tslab");
  const firstOfEach = TASKS.map((t) => nb.cells.findIndex((c) => c.id === `task-${t.task}-heading`));
  expect([...firstOfEach].sort((a, b) => a - b)).toEqual(firstOfEach);
}

/** Debian's nbformat, when installed, validates the file against the official nbformat schema. */
function expectValidNbformat(path: string) {
  const valid = spawnSync(
    "/usr/bin/python3",
    ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], 4))", path],
    { encoding: "utf8" },
  );
  if (valid.error === undefined && !/No module named/.test(valid.stderr)) expect(valid.stderr).toBe("");
}

describe("combineNotebooks", () => {
  it("builds six labelled sections from fixture notebooks, outputs kept, counts renumbered", () => {
    const { root } = newRoot(false);
    const result = combineNotebooks({ root });
    expect(result.path).toBe(join(root, "report", "notebook.ipynb"));
    const nb = JSON.parse(readFileSync(result.path, "utf8")) as Nb;
    expectSubmittable(nb);
    expect(result.codeCells).toBe(18);
    expect(nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "stream")).toHaveLength(
      6,
    );
    expectValidNbformat(result.path);
  });

  it.skipIf(!realNotebooksPresent())("builds from the real executed notebooks", () => {
    const { root, notebooks } = newRoot(true);
    expect(notebooks).toBe("real");
    const result = combineNotebooks({ root });
    expectSubmittable(JSON.parse(readFileSync(result.path, "utf8")) as Nb);
    expectValidNbformat(result.path);
  });

  it.each([
    [
      "an error output",
      { error: true },
      /notebooks\/03_pii_redaction\.ipynb cell 3 has an error output: TypeError: boom: run notebooks\/03_\*\.ipynb \(npm run task -- 3/,
    ],
    [
      "a never-executed notebook",
      { unexecuted: true },
      /notebooks\/03_pii_redaction\.ipynb cell 2 was not executed/,
    ],
  ])("refuses %s, naming notebook and cell", (_name, broken, message) => {
    const { root } = newRoot(false);
    writeFileSync(
      join(root, "notebooks", "03_pii_redaction.ipynb"),
      JSON.stringify(fixtureNotebook(3, broken)),
    );
    expect(() => combineNotebooks({ root })).toThrow(MissingInputError);
    expect(() => combineNotebooks({ root })).toThrow(message);
  });

  it("names each missing notebook", () => {
    const { root } = newRoot(false);
    rmSync(join(root, "notebooks", "05_metrics_dashboard.ipynb"));
    expect(() => combineNotebooks({ root })).toThrow(
      /missing:\n  - Task 5 \(Metrics, thresholds and dashboards\): no notebooks\/05_\*\.ipynb/,
    );
  });

  it("refuses a TypeScript compile error printed on stderr", () => {
    const { root } = newRoot(false);
    const nb = fixtureNotebook(2) as Nb;
    nb.cells[2].outputs = [
      {
        output_type: "stream",
        name: "stderr",
        text: ["1:7 - error TS2304: Cannot find name 'x'.\n"],
      } as never,
    ];
    writeFileSync(join(root, "notebooks", "02_trace_schema.ipynb"), JSON.stringify(nb));
    expect(() => combineNotebooks({ root })).toThrow(
      /02_trace_schema\.ipynb cell 3 printed a TypeScript compile error/,
    );
  });
});
