/**
 * The library compiles twice: strictly (tsc, what editors and tsx see) and the way the tslab kernel
 * compiles it when a notebook imports it (TypeScript 5.0, non-strict, ES2022 without DOM).
 * Code that passes one can fail the other, and a notebook would then fail at its first import.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8", cwd: process.cwd() });

describe("type checks", () => {
  it("lib passes strict tsc", { timeout: 180_000 }, () => {
    // Not `npx tsc`: tslab's bundled TypeScript 5.0 also ships a `tsc` bin, and npm may link that one.
    const result = run("node", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
    expect(result.stdout + result.stderr.replace(/npm warn.*\n/g, "")).toBe("");
    expect(result.status).toBe(0);
  });

  it("lib compiles under the tslab kernel's TypeScript", { timeout: 180_000 }, () => {
    const result = run("node", ["lib/tools/jupyter/tslab-check.mjs"]);
    expect(result.stdout).toMatch(/type-checks under tslab/);
    expect(result.status).toBe(0);
  });
});
