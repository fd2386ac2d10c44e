/**
 * Every notebook's `writeOutput` call compiles against TaskOutputs, checked the way the tslab
 * kernel compiles (its bundled TypeScript, non-strict) without starting a kernel: each notebook's
 * code cells become one module, and only diagnostics inside a `writeOutput(...)` call count
 * (the notebook tests under real Jupyter cover the rest of each cell).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../report/__fixtures__/workbook-root";

type Ts = typeof import("typescript");
const ts = createRequire(join(projectRoot, "package.json"))("@tslab/typescript-for-tslab") as Ts;

/** [start, end) of each `writeOutput(...)` call in `source`, parentheses balanced. */
export function writeOutputCalls(source: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let at = source.indexOf("writeOutput("); at >= 0; at = source.indexOf("writeOutput(", at + 1)) {
    let depth = 0;
    let end = at + "writeOutput".length;
    for (; end < source.length; end++) {
      if (source[end] === "(") depth++;
      else if (source[end] === ")" && --depth === 0) break;
    }
    spans.push([at, end + 1]);
  }
  return spans;
}

const notebooks = readdirSync(join(projectRoot, "notebooks")).filter((f) => /^0\d_.*\.ipynb$/.test(f));
const written: string[] = [];
afterAll(() => written.forEach((f) => rmSync(f, { force: true })));

describe("notebooks' writeOutput calls", () => {
  it("finds the calls to check", () => {
    expect(writeOutputCalls('a; writeOutput("x", { b: f(1) }); c')).toEqual([[3, 32]]);
  });

  it("type-check against TaskOutputs in every notebook", { timeout: 120_000 }, () => {
    const sources = new Map<string, string>();
    for (const nb of notebooks) {
      const cells = (
        JSON.parse(readFileSync(join(projectRoot, "notebooks", nb), "utf8")) as {
          cells: { cell_type: string; source: string | string[] }[];
        }
      ).cells;
      const code = cells.filter((c) => c.cell_type === "code").map((c) => [c.source].flat().join(""));
      // Notebooks import "./lib/index" from the project root (the kernel's working directory); the
      // module sits in the ignored data/runtime/, two levels down, so those imports move with it.
      const path = join(projectRoot, "data", "runtime", `writeoutput-check-${nb.replace(".ipynb", "")}.ts`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        `${code.join("\n;\n").replace(/from "\.\/lib\//g, 'from "../../lib/')}\nexport {};\n`,
      );
      written.push(path);
      sources.set(path, readFileSync(path, "utf8"));
    }
    const program = ts.createProgram([...sources.keys()], {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    });
    let calls = 0;
    const problems = ts.getPreEmitDiagnostics(program).flatMap((d) => {
      const source = d.file && sources.get(d.file.fileName);
      if (!source || d.start === undefined) return [];
      const inCall = writeOutputCalls(source).some(([from, to]) => d.start! >= from && d.start! < to);
      return inCall ? [`${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`] : [];
    });
    for (const source of sources.values()) calls += writeOutputCalls(source).length;
    expect(calls).toBeGreaterThanOrEqual(notebooks.length);
    expect(problems).toEqual([]);
  });
});
