/**
 * `npm run report`: reads the six notebooks' outputs (validated against their schemas), the
 * contract and the exported charts, and prints report/report.pdf (4–6 A4 pages) plus
 * report/architecture.svg. A missing, stale or malformed output is an error naming the notebook
 * to run; nothing is filled in.
 */
import { utc } from "./units";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { loadContract } from "../contract";
import type { TaskOutputName } from "../outputs/task-outputs";
import { architectureSvg } from "./architecture-svg";
import { assumptionsTable, priceTable } from "./assumptions-table";
import type { ChromiumOptions } from "../charts/chromium";
import { MissingInputError, MissingOutputError, OutputFieldError, PageCountError } from "./errors";
import { MIN_PRINTED_PT, smallestPrintedPt } from "./figure-legibility";
import { keyLearnings } from "./key-learnings";
import { pdfPageCount } from "./pdf-pages";
import { printPdf } from "./print-pdf";
import type { ReportData } from "./report-data";
import { FIGURE_WIDTH_MM, reportHtml } from "./report-html";
import type { ReportSection } from "./report-section";
import { risksAndLimitations } from "./risks";
import { rolloutPlan } from "./rollout-plan";
import { runFigures } from "./run-figures";
import { readSampleTable } from "./sample-table";
import { stackCost } from "./stack-cost";
import { substitutionsTable } from "./substitutions";
import { surprises } from "./surprises";
import { task1Section } from "./task1-section";
import { task2Section } from "./task2-section";
import { BEFORE_AFTER_SAMPLE, task3Section } from "./task3-section";
import type { Task4Extras } from "./task4-section";
import { task4Section, waterfallFile } from "./task4-section";
import { task5Section } from "./task5-section";
import { task6Section } from "./task6-section";
import type { AllTaskOutputs, ReadTaskOutputOptions } from "./task-output";
import { readTaskOutput } from "./task-output";
import { TASKS } from "./tasks";
import { traceTreeExcerpt } from "./trace-tree-excerpt";
import { PACKAGE_ROOT } from "../package-root";

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
  /** Figures placed in the report (the architecture diagram aside). */
  figures: number;
  /** Figures left out to stay within the page range, least important first out. */
  omittedFigures: string[];
  /** Charts whose smallest text prints below 8 pt at full width, with that size. */
  smallText: { name: string; pt: number }[];
  outputs: { task: number; file: string; writtenAt: Date }[];
}

/** Reads and validates all six outputs, reporting every missing or malformed one at once. */
export function readAllOutputs(options: ReadTaskOutputOptions): AllTaskOutputs {
  const found: Partial<Record<TaskOutputName, unknown>> = {};
  const problems: string[] = [];
  const outputNames = TASKS.flatMap((t) => [t.output, ...(t.extra ?? [])]);
  for (const output of outputNames) {
    try {
      found[output] = readTaskOutput(output, options);
    } catch (error) {
      if (!(error instanceof MissingOutputError || error instanceof OutputFieldError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length)
    throw new MissingInputError(
      `The report needs every task's output; ${problems.length} of ${outputNames.length} cannot be used:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  return found as AllTaskOutputs;
}

const dataUrl = (path: string) =>
  `data:${path.endsWith(".svg") ? "image/svg+xml" : "image/png"};base64,${readFileSync(path).toString("base64")}`;

/** Task 4's picture of one trace: the span waterfall when notebook 04 exported one, else the tree printout's skeleton. */
function task4Extras(root: string, outputs: AllTaskOutputs): Task4Extras {
  const t4 = outputs.task4_tracing;
  const file = waterfallFile(t4.data);
  if (file) {
    const [figure] = runFigures(root, t4, [file]);
    const path = (figure.svg ?? figure.png) as string;
    return {
      waterfall: {
        name: figure.name,
        file: path,
        caption: `Span waterfall of one request as the backend received it: each step's start and duration, the LLM call split into time to first token and decode.`,
        priority: 0,
      },
    };
  }
  const tree = join(root, "data", "samples", "task4_trace_tree_langfuse.txt");
  if (!existsSync(tree)) return {};
  return {
    treeExcerpt: {
      file: relative(root, tree),
      text: traceTreeExcerpt(readFileSync(tree, "utf8"), { section: "tool error" }),
    },
  };
}

export async function buildReport(options: BuildReportOptions = {}): Promise<BuildReportResult> {
  const started = Date.now();
  const root = options.root ?? PACKAGE_ROOT;
  const out = options.out ?? join(root, "report", "report.pdf");
  const range = options.pages ?? { min: 4, max: 6 };

  const outputs = readAllOutputs({ root, notOlderThan: options.notOlderThan });
  const contract = loadContract(join(root, "observability_contract.json"));
  const data: ReportData = {
    contract,
    outputs: {
      task1_gap: outputs.task1_gap.data,
      task2_schema: outputs.task2_schema.data,
      task3_redaction: outputs.task3_redaction.data,
      task4_tracing: outputs.task4_tracing.data,
      task5_metrics: outputs.task5_metrics.data,
      task5_drift: outputs.task5_drift.data,
      task6_sampling: outputs.task6_sampling.data,
    },
  };
  const t3 = outputs.task3_redaction;
  const beforeAfter = readSampleTable(3, BEFORE_AFTER_SAMPLE.file, {
    root,
    notOlderThan: options.notOlderThan,
    notNewerThan: t3.writtenAt,
    columns: BEFORE_AFTER_SAMPLE.columns,
  });
  const charts = runFigures(root, outputs.task5_metrics, outputs.task5_metrics.data.figures);
  const sections: ReportSection[] = [
    task1Section(data.outputs.task1_gap),
    task2Section(data.outputs.task2_schema),
    task3Section(data.outputs.task3_redaction, beforeAfter),
    task4Section(data.outputs.task4_tracing, task4Extras(root, outputs)),
    task5Section(data.outputs.task5_metrics, contract, charts, data.outputs.task5_drift),
    task6Section(data.outputs.task6_sampling, contract),
  ];

  const svg = architectureSvg(contract);
  const architecture = join(root, "report", "architecture.svg");
  mkdirSync(dirname(architecture), { recursive: true });
  writeFileSync(architecture, svg);

  const candidates = sections
    .flatMap((s) => s.figures ?? [])
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  const smallText = candidates.flatMap((f) => {
    const pt = f.file.endsWith(".svg")
      ? smallestPrintedPt(readFileSync(f.file, "utf8"), FIGURE_WIDTH_MM)
      : undefined;
    return pt !== undefined && pt < MIN_PRINTED_PT ? [{ name: f.name, pt }] : [];
  });

  const stamps = TASKS.map(({ output }) => outputs[output].writtenAt.getTime());
  const [first, last] = [utc(Math.min(...stamps)), utc(Math.max(...stamps))];
  const writtenWhen = first === last ? `at ${first} UTC` : `between ${first} and ${last} UTC`;
  const documentWith = (shown: ReadonlySet<string>) =>
    reportHtml({
      title: "LLM Observability for a RAG Support Bot: Design Document",
      subtitle: `Assignment 1. Built ${utc(Date.now())} UTC from the outputs notebooks 01–06 wrote ${writtenWhen}; every number below is read from those files, the samples they saved, lib/pricing.ts and observability_contract.json.`,
      simulated: [
        ...sections.flatMap((s) => s.simulated),
        "Real services take environment variables only, no code changes: OPENAI_API_KEY, LANGFUSE_PUBLIC_KEY/SECRET_KEY, LANGSMITH_API_KEY with LANGSMITH_TRACING=true, OTEL_EXPORTER_OTLP_ENDPOINT, USER_ID_HASH_KEY.",
      ],
      architectureSvg: svg,
      assumptions: assumptionsTable(data),
      prices: priceTable(data),
      sections,
      imageSrc: dataUrl,
      stackCost: stackCost(data),
      risks: risksAndLimitations(data),
      surprises: surprises(data),
      rollout: rolloutPlan(data),
      substitutions: substitutionsTable(),
      learnings: keyLearnings(data),
      shownFigures: shown,
    });

  // Print beside the target, and only move it into place once its page count is within range.
  // Figures go in by priority; when the pages run out, the least important ones are left out
  // (the report names them; the zip's screenshots/ has them all).
  mkdirSync(dirname(out), { recursive: true });
  const draft = `${out}.draft.pdf`;
  const printWith = async (count: number) => {
    const document = documentWith(new Set(candidates.slice(0, count).map((f) => f.name)));
    if (options.htmlOut) writeFileSync(options.htmlOut, document);
    await printPdf(document, draft, options.chromium);
    return pdfPageCount(draft);
  };
  // All figures first (the usual case); if that is too long, the most that fit, found by bisection
  // (more figures never make fewer pages). With none fitting, the draft without figures is judged.
  let shown = candidates.length;
  let pages = await printWith(shown);
  if (pages > range.max && candidates.length > 0) {
    let [fits, tooMany] = [0, candidates.length];
    while (tooMany - fits > 1) {
      const mid = Math.floor((fits + tooMany) / 2);
      if ((await printWith(mid)) <= range.max) fits = mid;
      else tooMany = mid;
    }
    shown = fits;
    pages = await printWith(shown);
  }
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
    figures: shown,
    omittedFigures: candidates.slice(shown).map((f) => f.name),
    smallText: smallText.filter((s) => candidates.slice(0, shown).some((f) => f.name === s.name)),
    outputs: TASKS.map(({ task, output }) => ({
      task,
      file: outputs[output].file,
      writtenAt: outputs[output].writtenAt,
    })),
  };
}
