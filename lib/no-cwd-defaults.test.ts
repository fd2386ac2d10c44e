/**
 * A lint the tests run: library code finds its files from the package root (lib/package-root.ts)
 * or from paths its caller passes, never from the working directory. Only the edges may read
 * process.cwd(): lib/tools/ (the CLIs, bench, load suite and Jupyter tooling), which start processes there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT, packagePath } from "./package-root";

/** The edges, which may use the working directory (a user's relative path is theirs to resolve): the tooling. */
const ALLOWED = [/^lib\/tools\//];

const RULES: [string, RegExp][] = [
  ["reads process.cwd()", /process\.cwd\(\)/],
  ["uses the hidden default contract", /\bdefaultContract\b/],
  // resolve("data/x") and friends resolve against the working directory.
  ["resolves a relative path literal", /(?<![.\w])resolve\(\s*["'](?![/"'])[^"'\n]*[./][^"'\n]*["']/],
  [
    "opens a relative path literal",
    /\b(readFileSync|readdirSync|existsSync|writeFileSync|mkdirSync|statSync|rmSync|cpSync)\(\s*["'](?!\/)/,
  ],
];

/** The code without comments, so a comment may explain what the code must not do. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

function cwdProblems(file: string, text: string): string[] {
  return code(text)
    .split("\n")
    .flatMap((line, i) =>
      RULES.filter(([, re]) => re.test(line)).map(([what]) => `${file}:${i + 1} ${what}`),
    );
}

function libraryFiles(dir = packagePath("lib")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : libraryFiles(path);
    return /\.(ts|mjs)$/.test(entry.name) && !/\.test\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe("library code and the working directory", () => {
  it("finds no file relative to process.cwd() outside the edges", () => {
    const files = libraryFiles().map((path) => relative(PACKAGE_ROOT, path).split("\\").join("/"));
    expect(files.length).toBeGreaterThan(100);
    const problems = files
      .filter((file) => !ALLOWED.some((re) => re.test(file)))
      .flatMap((file) => cwdProblems(file, readFileSync(packagePath(file), "utf8")));
    expect(problems).toEqual([]);
  });

  it("catches each pattern, and not the same words in a comment (the check can fail)", () => {
    const bad = [
      "const root = options.root ?? process.cwd();",
      "const c = defaultContract();",
      'const dir = resolve("data/runtime");',
      'const text = readFileSync("data/eval/queries.jsonl", "utf8");',
    ].join("\n");
    expect(cwdProblems("x.ts", bad)).toEqual([
      "x.ts:1 reads process.cwd()",
      "x.ts:2 uses the hidden default contract",
      "x.ts:3 resolves a relative path literal",
      "x.ts:4 opens a relative path literal",
    ]);
    const fine = [
      "// never process.cwd()",
      "/** not defaultContract() */",
      'const d = resolve(options.dir ?? packagePath("data"));',
      'setTimeout(() => resolve("timeout"), 10);',
      'const tsx = require.resolve("tsx/esm");',
      "const url = `http://x//y`; // a comment",
    ].join("\n");
    expect(cwdProblems("y.ts", fine)).toEqual([]);
  });
});
