/**
 * `npm run report`: reads the six notebooks' outputs, the contract and the exported charts, and
 * prints report/report.pdf (4–6 A4 pages) plus report/architecture.svg. A missing or stale
 * output is an error naming the notebook to run; nothing is filled in.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { loadContract } from "../contract";
import { architectureSvg } from "./architecture-svg";
import type { ChromiumOptions } from "./chromium";
import { MissingInputError, MissingOutputError, PageCountError } from "./errors";
import type { TaskOutputs } from "./key-learnings";
import { keyLearnings } from "./key-learnings";
import { pdfPageCount } from "./pdf-pages";
import { printPdf } from "./print-pdf";
import { reportHtml } from "./report-html";
import type { ReportSection } from "./report-section";
import { task1Section } from "./task1-section";
import { task2Section } from "./task2-section";
import { readSampleTable } from "./sample-table";
import { TASK3_FIELDS, task3Section } from "./task3-section";
import { task4Section } from "./task4-section";
import { runFigures } from "./run-figures";
import { TASK5_FIELDS, task5Section } from "./task5-section";
import { task6Section } from "./task6-section";
import { readTaskOutput } from "./task-output";
import type { ReadTaskOutputOptions } from "./task-output";
import { TASKS } from "./tasks";

export interface BuildReportOptions extends ReadTaskOutputOptions {
  /** Where the PDF goes (default `<root>/report/report.pdf`). */
  out?: string;
  chromium?: ChromiumOptions;
  /** Allowed page range; the assignment's is 4–6. */
  pages?: { min: number; max: number };
  /** Also write the HTML that was printed (for debugging the layout). */
  htmlOut?: string;
}

export interface BuildReportResult {
  path: string;
  pages: number;
  seconds: number;
  architecture: string;
  figures: number;
  outputs: { task: number; file: string; writtenAt: Date }[];
}

/** Reads all six outputs, reporting every missing one at once. */
export function readAllOutputs(options: ReadTaskOutputOptions): TaskOutputs {
  const found: Partial<TaskOutputs> = {};
  const problems: string[] = [];
  for (const { task } of TASKS) {
    try {
      found[task] = readTaskOutput(task, options);
    } catch (error) {
      if (!(error instanceof MissingOutputError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new MissingInputError(`The report needs every task's output; ${problems.length} of 6 cannot be used:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return found as TaskOutputs;
}

const dataUrl = (path: string) => `data:${path.endsWith(".svg") ? "image/svg+xml" : "image/png"};base64,${readFileSync(path).toString("base64")}`;

export async function buildReport(options: BuildReportOptions = {}): Promise<BuildReportResult> {
  const started = Date.now();
  const root = options.root ?? process.cwd();
  const out = options.out ?? join(root, "report", "report.pdf");
  const range = options.pages ?? { min: 4, max: 6 };

  const outputs = readAllOutputs({ root, notOlderThan: options.notOlderThan });
  const contract = loadContract(join(root, "observability_contract.json"));
  const sections: ReportSection[] = [
    task1Section(outputs[1]),
    task2Section(outputs[2]),
    task3Section(outputs[3], readSampleTable(3, TASK3_FIELDS.beforeAfterSample, { root, notOlderThan: options.notOlderThan, notNewerThan: outputs[3].writtenAt, columns: TASK3_FIELDS.beforeAfterColumns })),
    task4Section(outputs[4]),
    task5Section(outputs[5], contract),
    task6Section(outputs[6], contract),
  ];
  const figures = runFigures(root, outputs[5], TASK5_FIELDS.figures);

  const svg = architectureSvg(contract);
  const architecture = join(root, "report", "architecture.svg");
  mkdirSync(dirname(architecture), { recursive: true });
  writeFileSync(architecture, svg);

  const stamps = TASKS.map(({ task }) => outputs[task].writtenAt.getTime());
  const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const document = reportHtml({
    title: "LLM Observability Workbook: Assignment 1 report",
    subtitle: `Built ${when(Date.now())} UTC from the outputs notebooks 01–06 wrote between ${when(Math.min(...stamps))} and ${when(Math.max(...stamps))} UTC; every number below is read from those files, the samples they saved and observability_contract.json.`,
    simulated: [...sections.flatMap((s) => s.simulated), "Switching to the real services takes environment variables only, no code changes: OPENAI_API_KEY; LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; LANGSMITH_API_KEY with LANGSMITH_TRACING=true; OTEL_EXPORTER_OTLP_ENDPOINT; and USER_ID_HASH_KEY for the pseudonyms."],
    architectureSvg: svg,
    sections,
    charts: figures.map((f) => ({ caption: f.caption, src: dataUrl(f.svg ?? (f.png as string)) })),
    learnings: keyLearnings(outputs),
  });
  if (options.htmlOut) writeFileSync(options.htmlOut, document);

  // Print beside the target, and only move it into place once its page count is within range.
  mkdirSync(dirname(out), { recursive: true });
  const draft = `${out}.draft.pdf`;
  await printPdf(document, draft, options.chromium);
  const pages = pdfPageCount(draft);
  if (pages < range.min || pages > range.max) {
    const rejected = join(root, "data", "runtime", "report-rejected.pdf");
    mkdirSync(dirname(rejected), { recursive: true });
    renameSync(draft, rejected);
    throw new PageCountError(pages, relative(root, rejected), range);
  }
  rmSync(out, { force: true });
  renameSync(draft, out);
  return {
    path: out,
    pages,
    seconds: (Date.now() - started) / 1000,
    architecture,
    figures: figures.length,
    outputs: TASKS.map(({ task }) => ({ task, file: outputs[task].file, writtenAt: outputs[task].writtenAt })),
  };
}
