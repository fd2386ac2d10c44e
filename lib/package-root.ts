/**
 * The package root: the directory holding this project's package.json and
 * observability_contract.json. Library defaults (the contract, data/, report/) resolve against it,
 * never against `process.cwd()`, so a script that imports the library from another folder reads
 * and writes the same files. Only a path a caller passes is the caller's to resolve.
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory of this file. The library runs under three module systems: tslab compiles lib/
 * to CommonJS, where `__dirname` exists and `import.meta` would be a syntax error; vitest defines
 * `__dirname` too; tsx runs ES modules, where it is undefined. There V8's structured stack trace
 * names the running file (a file:// URL in ESM, a path in CommonJS).
 */
function moduleDir(): string {
  if (typeof __dirname === "string") return __dirname;
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, stack) => stack;
    const stack = new Error().stack as unknown as NodeJS.CallSite[];
    const file = stack[0].getFileName()!;
    return dirname(file.startsWith("file:") ? fileURLToPath(file) : file);
  } finally {
    Error.prepareStackTrace = original;
  }
}

/** This file lives in `<root>/lib/`. */
export const PACKAGE_ROOT = resolve(moduleDir(), "..");

/** A path inside the package, e.g. `packagePath("data", "eval", "queries.jsonl")`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

/** A file as people read it: relative to the package root (`data/outputs/x.json`) when inside it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(PACKAGE_ROOT, resolve(path));
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? resolve(path) : rel.split("\\").join("/");
}
