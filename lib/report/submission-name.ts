/**
 * The zip's file name the assignment asks for: `<YourName>_LLM_Observability_Assignment1.zip`.
 * The name comes from `--name`, else from git's `user.name`; with neither, the packager stops and
 * asks for `--name` rather than writing a placeholder.
 */
import { spawnSync } from "node:child_process";
import { SubmissionNameError } from "./errors";
import { PACKAGE_ROOT } from "../package-root";

export const SUBMISSION_SUFFIX = "_LLM_Observability_Assignment1.zip";
const ASK = 'pass your name, e.g. npm run package -- --name "Ada Lovelace"';

/** Spaces become underscores; path separators and characters Windows rejects are an error. */
export function submissionFileName(name: string): string {
  const clean = name.trim().replace(/\s+/g, "_");
  if (clean === "") throw new SubmissionNameError(`--name is empty: ${ASK}`);
  const bad = clean.match(/[\\/:*?"<>|\u0000-\u001f]/);
  if (bad)
    throw new SubmissionNameError(
      `--name "${name}" contains "${bad[0]}", which cannot be part of a file name`,
    );
  if (clean.startsWith(".")) throw new SubmissionNameError(`--name "${name}" must not start with a dot`);
  if (clean.length > 100)
    throw new SubmissionNameError(`--name is ${clean.length} characters long; keep it under 100`);
  return `${clean}${SUBMISSION_SUFFIX}`;
}

/** git's `user.name` as seen from `cwd`, or undefined when git or the setting is absent. */
export function gitUserName(cwd: string): string | undefined {
  const run = spawnSync("git", ["config", "user.name"], { cwd, encoding: "utf8" });
  const name = run.status === 0 ? run.stdout.trim() : "";
  return name === "" ? undefined : name;
}

export interface SubmissionName {
  name: string;
  source: "--name" | "git user.name";
}

/** `--name` when given, else git's user.name; neither is a `SubmissionNameError` asking for `--name`. */
export function resolveSubmissionName(
  given: string | undefined,
  options: { cwd?: string; gitName?: (cwd: string) => string | undefined } = {},
): SubmissionName {
  if (given !== undefined) {
    submissionFileName(given);
    return { name: given, source: "--name" };
  }
  const fromGit = (options.gitName ?? gitUserName)(options.cwd ?? PACKAGE_ROOT);
  if (fromGit === undefined)
    throw new SubmissionNameError(`no --name given and git has no user.name to use instead: ${ASK}`);
  submissionFileName(fromGit);
  return { name: fromGit, source: "git user.name" };
}
