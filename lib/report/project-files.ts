/**
 * What the submission zip carries besides the deliverables so that it runs: the files `npm ci`
 * and the README's commands need (package.json, the lockfile, tsconfig.json, lib/, notebooks/,
 * the README, .ci/setup, tool configs), never installed or generated state (node_modules,
 * .jupyter, data/runtime, zips).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { MissingInputError } from "./errors";

/** Must exist: without them `npm ci` or the README's two commands cannot run. */
export const REQUIRED_PROJECT_FILES = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "README.md",
  ".ci/setup",
  "lib/index.ts",
  "lib/tools/jupyter/kernel.mjs",
];
/** Folders carried whole (minus the exclusions). */
export const PROJECT_DIRS = [".ci", "lib", "notebooks", "data"];
/** Root files carried when present: tool configuration the scripts read. */
const OPTIONAL_ROOT =
  /^(\.gitignore|\.npmrc|\.nvmrc|\.node-version|\.prettierrc(\..+)?|\.prettierignore|\.editorconfig|(eslint|prettier|vitest|vite)\.config\.[cm]?[jt]s|[^/]*\.schema\.json)$/;
const EXCLUDED =
  /(^|\/)(node_modules|\.jupyter|\.ipynb_checkpoints|\.git|__pycache__)(\/|$)|^data\/runtime(\/|$)|\.zip$|(^|\/)\.DS_Store$/;

function walk(root: string, dir: string): string[] {
  return readdirSync(join(root, dir))
    .sort()
    .flatMap((name) => {
      const rel = dir ? `${dir}/${name}` : name;
      if (EXCLUDED.test(rel)) return [];
      const stat = statSync(join(root, rel));
      return stat.isDirectory() ? walk(root, rel) : stat.isFile() ? [rel] : [];
    });
}

/** Project files to zip, as root-relative paths with `/` separators, sorted; a missing required file is an error. */
export function projectFiles(root: string): string[] {
  const missing = REQUIRED_PROJECT_FILES.filter((f) => !existsSync(join(root, f)));
  if (missing.length)
    throw new MissingInputError(
      `The zip must carry what runs the notebooks, but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing from ${root}.`,
    );
  const files = new Set<string>();
  for (const name of readdirSync(root))
    if (OPTIONAL_ROOT.test(name) && statSync(join(root, name)).isFile()) files.add(name);
  for (const f of REQUIRED_PROJECT_FILES) files.add(f);
  for (const dir of PROJECT_DIRS)
    if (existsSync(join(root, dir))) for (const f of walk(root, dir)) files.add(f);
  return [...files].sort();
}
