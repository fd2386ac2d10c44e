/** The zip's file name the assignment asks for: `<YourName>_LLM_Observability_Assignment1.zip`. */
import { SubmissionNameError } from "./errors";

export const SUBMISSION_SUFFIX = "_LLM_Observability_Assignment1.zip";

/** Spaces become underscores; path separators and characters Windows rejects are an error. */
export function submissionFileName(name: string): string {
  const clean = name.trim().replace(/\s+/g, "_");
  if (clean === "") throw new SubmissionNameError('--name is empty: pass your name, e.g. npm run package -- --name "JaneDoe"');
  const bad = clean.match(/[\\/:*?"<>|\u0000-\u001f]/);
  if (bad) throw new SubmissionNameError(`--name "${name}" contains "${bad[0]}", which cannot be part of a file name`);
  if (clean.startsWith(".")) throw new SubmissionNameError(`--name "${name}" must not start with a dot`);
  if (clean.length > 100) throw new SubmissionNameError(`--name is ${clean.length} characters long; keep it under 100`);
  return `${clean}${SUBMISSION_SUFFIX}`;
}
