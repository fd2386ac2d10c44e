/**
 * Misuse and missing-input errors of the report, the combined notebook and the packager. Each
 * message names the file, the problem and the command that fixes it; the CLIs print only the message.
 */
import type { TaskInfo } from "./tasks";
import { rerunHint } from "./tasks";
import { WorkbookError } from "../workbook-error";

/** A notebook's output file is absent, unreadable, or older than the current run. */
export class MissingOutputError extends WorkbookError {
  override name = "MissingOutputError";
  constructor(
    readonly info: TaskInfo,
    readonly path: string,
    problem: string,
  ) {
    super(`${path} ${problem}. It is written by Task ${info.task} (${info.title}): ${rerunHint(info)}.`);
  }
}

/** An output file's fields do not match its schema (lib/outputs/taskN-output.ts): every problem, by field path. */
export class OutputFieldError extends WorkbookError {
  override name = "OutputFieldError";
  constructor(
    readonly info: TaskInfo,
    readonly path: string,
    readonly problems: readonly { field: string; problem: string }[],
  ) {
    super(
      `${path}: ${problems.map((p) => `field "${p.field}" ${p.problem}`).join("; ")}. Re-run Task ${info.task}'s notebook (${rerunHint(info)}), ` +
        `or align the field in lib/outputs/task${info.task}-output.ts.`,
    );
  }
}

/** A file the report or the zip needs is missing (figures, samples, the contract, the PDF). */
export class MissingInputError extends WorkbookError {
  override name = "MissingInputError";
}

/** The built PDF is outside the assignment's 4–6 pages. */
export class PageCountError extends WorkbookError {
  override name = "PageCountError";
  constructor(
    readonly pages: number,
    readonly keptAt: string,
    range: { min: number; max: number } = { min: 4, max: 6 },
  ) {
    super(
      `the report has ${pages} page(s); the assignment asks for ${range.min}–${range.max} A4 pages. ` +
        `The rejected PDF is at ${keptAt} for inspection: shorten the sections in lib/report/ or reduce the figures in report/figures/.`,
    );
  }
}

/** The `--name` given to the packager cannot be part of a file name. */
export class SubmissionNameError extends WorkbookError {
  override name = "SubmissionNameError";
}
