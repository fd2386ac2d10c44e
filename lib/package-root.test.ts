import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { displayPath, PACKAGE_ROOT, packagePath } from "./package-root";

// `--import tsx` resolves from the working directory, which here is outside the project.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const elsewhere = mkdtempSync(join(tmpdir(), "package-root-"));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

describe("PACKAGE_ROOT", () => {
  it("is the directory holding this project's package.json and contract", () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { name: string };
    expect(pkg.name).toBe("llm-observability-workbook");
    expect(existsSync(packagePath("observability_contract.json"))).toBe(true);
    expect(packagePath("data", "kb")).toBe(join(PACKAGE_ROOT, "data", "kb"));
  });

  // vitest defines __dirname; under tsx (ES modules) it is undefined, so the stack-trace branch runs there.
  it("is the same under tsx from another working directory", { timeout: 60_000 }, () => {
    const script = `import { PACKAGE_ROOT } from ${JSON.stringify(packagePath("lib", "package-root.ts"))};
console.log(JSON.stringify({ root: PACKAGE_ROOT, dirname: typeof __dirname }));`;
    const run = spawnSync(process.execPath, ["--import", TSX, "--input-type=module", "-e", script], {
      cwd: elsewhere,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ root: PACKAGE_ROOT, dirname: "undefined" });
  });
});

describe("displayPath", () => {
  it("names a package file from the package root, and anything else absolutely", () => {
    expect(displayPath(packagePath("data", "outputs", "eval_gate.json"))).toBe("data/outputs/eval_gate.json");
    expect(displayPath(join(elsewhere, "x.json"))).toBe(join(elsewhere, "x.json"));
    expect(displayPath(PACKAGE_ROOT)).toBe(PACKAGE_ROOT);
  });
});
