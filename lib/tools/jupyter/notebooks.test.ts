/**
 * Every task notebook runs top to bottom in a fresh tslab kernel under real Jupyter (nbclient),
 * with no error output; and the committed copies are the outputs of such a clean run.
 *
 * The runs happen in a scratch copy of the project (`scratchCopy()`), so everything the notebooks
 * write (data/outputs, data/samples, report/figures, ...) lands there and the checkout stays as
 * committed; the last test checks that with `git status`. Only `npm run workbook` and
 * `npm run task` write the committed outputs.
 *
 * `npm test` runs this file on its own, after the unit tests: tslab's compiler watches lib/ and
 * fails a cell ("Unexpected pending rebuildTimer") if a file there changes while a notebook runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module shared with the npm scripts, typed by its JSDoc.
import { executeNotebook, firstError, listNotebooks, projectRoot, scratchCopy } from "./jupyter.mjs";

interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: { output_type: string; name?: string; text?: string | string[] }[];
}

const notebooks: string[] = listNotebooks();
const gitStatus = () =>
  spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: projectRoot, encoding: "utf8" })
    .stdout;
const statusBefore = gitStatus();
let scratch: string | undefined;
const scratchRoot = () => (scratch ??= scratchCopy());
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});
const codeCells = (path: string): Cell[] =>
  (JSON.parse(readFileSync(path, "utf8")).cells as Cell[]).filter(
    (c) => c.cell_type === "code" && [c.source].flat().join("").trim(),
  );

describe("notebooks", () => {
  it("include the six tasks", () => {
    expect(notebooks.map((p) => basename(p).slice(0, 2))).toEqual(["01", "02", "03", "04", "05", "06"]);
  });

  describe.each(notebooks.map((p) => [basename(p), p]))("%s", (_name, path) => {
    it("is committed executed: counts 1..N, no errors, no unexecuted cells", () => {
      const cells = codeCells(path);
      expect(cells.map((c) => c.execution_count)).toEqual(cells.map((_, i) => i + 1));
      expect(firstError(path)).toBeNull();
    });

    it("runs top to bottom in a fresh tslab kernel with no error output", { timeout: 900_000 }, async () => {
      const root = scratchRoot();
      const out = join(mkdtempSync(join(tmpdir(), "nb-")), basename(path));
      const result = await executeNotebook(join(root, "notebooks", basename(path)), {
        outputPath: out,
        root,
      });
      expect(result.error ?? null).toBeNull();
      expect(result.ok).toBe(true);
      expect(firstError(out)).toBeNull();
      const stderr = codeCells(out).flatMap((c) =>
        (c.outputs ?? []).filter((o) => o.name === "stderr").map((o) => [o.text].flat().join("")),
      );
      expect(stderr.join("")).not.toMatch(/error TS|\d+:\d+ - /);
    });
  });

  it("leave the checkout as it was: git status is unchanged by the runs above", () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});
