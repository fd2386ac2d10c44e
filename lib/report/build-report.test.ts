/**
 * The report builds with headless Chromium into 4–6 A4 pages holding every task heading, the
 * figures, the threshold table and numbers read from the outputs. Runs on the real outputs when
 * the checkout has a complete set, on fixtures in a temp dir otherwise.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContract } from "../contract";
import { makeWorkbookRoot } from "./__fixtures__/workbook-root";
import type { WorkbookRoot } from "./__fixtures__/workbook-root";
import type { BuildReportResult } from "./build-report";
import { buildReport } from "./build-report";
import { MissingInputError, PageCountError } from "./errors";
import { listFigures } from "./figures";
import { pdfPageCount } from "./pdf-pages";
import { readTaskOutput } from "./task-output";
import { TASKS } from "./tasks";
import { ms, pct } from "./units";

const pdftotext = (path: string) => {
  const run = spawnSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  return run.stdout.replace(/\s+/g, " ");
};

describe("buildReport", { timeout: 120_000 }, () => {
  let w: WorkbookRoot;
  let result: BuildReportResult;
  let text: string;

  beforeAll(async () => {
    w = makeWorkbookRoot();
    result = await buildReport({ root: w.root });
    text = pdftotext(result.path);
  }, 120_000);
  afterAll(() => w?.cleanup());

  it("writes report/report.pdf with 4–6 A4 pages", () => {
    expect(result.path).toBe(join(w.root, "report", "report.pdf"));
    expect(readFileSync(result.path).subarray(0, 5).toString()).toBe("%PDF-");
    expect(result.pages).toBeGreaterThanOrEqual(4);
    expect(result.pages).toBeLessThanOrEqual(6);
    const info = spawnSync("pdfinfo", [result.path], { encoding: "utf8" }).stdout;
    expect(info).toMatch(new RegExp(`Pages:\\s+${result.pages}\\b`));
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+|Page size:\s+595\.\d+ x 842\.\d+/);
    expect(existsSync(`${result.path}.draft.pdf`)).toBe(false);
  });

  it("has every task heading and the report's fixed sections", () => {
    for (const t of TASKS) expect(text).toContain(`Task ${t.task}: ${t.title}`);
    for (const heading of [
      "What was simulated in this run",
      "Architecture",
      "Assumptions",
      "The price table behind the cost metric",
      "What the observability stack costs",
      "Trade-offs, risks and limitations",
      "What surprised us",
      "Rollout plan",
      "Substitutions for the assignment's Python tools",
      "Key learnings",
    ])
      expect(text).toContain(heading);
    for (const tool of ["Pydantic", "zod", "FastAPI", "Hono", "pytest", "vitest"])
      expect(text).toContain(tool);
  });

  it("shows values, never Markdown escapes, unfilled templates or a value repeated as a pair", () => {
    expect(text).not.toMatch(/\\[_*`[\]()#|]/);
    expect(text).not.toMatch(/undefined|NaN|\[object Object\]|\$\{/);
    // "HTTP 200 and 200", "100% and 100%": equal values are said once ("both 100%").
    expect(text).not.toMatch(/(?<![\w.,$])(\$?[\d.,]+%?) and \1(?![\w.,%])/);
    // "2,469 of 2,469 errors": a complete count reads "all 2,469".
    expect(text).not.toMatch(/(?<![\w.,])([\d,]+) of \1(?![\w.,])/);
  });

  it("places figures full width with numbered captions, and names any left out for length", () => {
    const listed = listFigures(join(w.root, "report", "figures")).length;
    expect(result.figures + result.omittedFigures.length).toBe(listed);
    expect(result.figures).toBeGreaterThan(0);
    for (let n = 1; n <= result.figures + 1; n++) expect(text).toContain(`Figure ${n}.`);
    for (const name of result.omittedFigures) expect(text.replace(/\s/g, "")).toContain(name);
  });

  it("prints the threshold table from the contract with Task 5's statuses and values", () => {
    const contract = loadContract(join(w.root, "observability_contract.json"));
    const task5 = readTaskOutput("task5_metrics", { root: w.root }).data;
    for (const [metric, t] of Object.entries(contract.alert_thresholds)) {
      expect(text).toContain(metric);
      expect(text).toContain(t.justification.split(" ").slice(0, 4).join(" "));
      expect(text).toContain(task5.statuses[metric]);
    }
    expect(text).toContain(`p95 ${ms(task5.metrics.p95_latency_ms as number)}`);
    expect(text).toContain(`failure rate of ${pct(task5.metrics.failure_rate as number)}`);
  });

  it("states what was simulated, from the outputs' own flags", () => {
    const task1 = readTaskOutput("task1_gap", { root: w.root }).data;
    const simulatedLlm = task1.single_query.v1.simulated && task1.single_query.v2.simulated;
    const localBackend = readTaskOutput("task4_tracing", { root: w.root }).data.backend.local;
    const prometheusLlm = readTaskOutput("task5_metrics", { root: w.root }).data.prometheus.simulated_llm;
    expect(text).toContain(
      simulatedLlm ? "the embedded simulator answered every live request" : "the real OpenAI API answered",
    );
    expect(text).toContain(
      localBackend
        ? "to a local loopback backend, not to the vendors' clouds"
        : "traces went to the real services",
    );
    expect(text).toContain(
      prometheusLlm ? "answered by the simulator with injected faults" : "answered by the real LLM API",
    );
  });

  it("writes the architecture diagram as a well-formed vector SVG with every part of the pipeline", () => {
    const svg = readFileSync(result.architecture, "utf8");
    for (const label of [
      "User query",
      "retrieval span",
      "LLM generation",
      "REDACTION",
      "Sampler",
      "Langfuse SDK",
      "LangSmith SDK",
      "Local trace backend",
      "Prometheus",
      "Grafana",
      "Alert rules",
      "observability_contract.json",
    ]) {
      expect(svg).toContain(label);
    }
    const parsed = spawnSync("python3", [
      "-c",
      "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])",
      result.architecture,
    ]);
    if (parsed.error === undefined) expect(parsed.status).toBe(0);
  });
});

describe("buildReport refuses inputs it cannot stand behind", { timeout: 60_000 }, () => {
  const roots: WorkbookRoot[] = [];
  const fixtureRoot = () => {
    const w = makeWorkbookRoot({ useReal: false });
    roots.push(w);
    return w.root;
  };
  afterAll(() => roots.forEach((w) => w.cleanup()));

  it("lists every missing output with the notebook that writes it", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "data", "outputs", "task4_tracing.json"));
    rmSync(join(root, "data", "outputs", "task6_sampling.json"));
    const error = await buildReport({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as Error).message).toMatch(/2 of 7 cannot be used/);
    expect((error as Error).message).toContain("npm run task -- 4");
    expect((error as Error).message).toContain("npm run task -- 6");
    expect(existsSync(join(root, "report", "report.pdf"))).toBe(false);
  });

  it("rejects outputs written before the run started", async () => {
    const root = fixtureRoot();
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, "data", "outputs", "task1_gap.json"), old, old);
    await expect(buildReport({ root, notOlderThan: new Date(Date.now() - 60_000) })).rejects.toThrow(
      /task1_gap\.json was written at .* before this run started/,
    );
  });

  it("names the field when an output lacks one", async () => {
    const root = fixtureRoot();
    const path = join(root, "data", "outputs", "task5_metrics.json");
    const data = JSON.parse(readFileSync(path, "utf8"));
    delete data.metrics.p95_latency_ms;
    writeFileSync(path, JSON.stringify(data));
    const error = await buildReport({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as Error).message).toMatch(/field "metrics\.p95_latency_ms" expected number/);
    expect((error as Error).message).toContain("lib/outputs/task5-output.ts");
  });

  it("needs the charts", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "report", "figures"), { recursive: true });
    await expect(buildReport({ root })).rejects.toThrow(
      /report\/figures\/ holds no charts .*npm run task -- 5/,
    );
  });

  it("refuses charts written after Task 5's output (notebook 05 mid-run)", async () => {
    const root = fixtureRoot();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "report", "figures", "task5_cost_per_request.svg"), later, later);
    await expect(buildReport({ root })).rejects.toThrow(
      /report\/figures\/task5_cost_per_request\.svg was written after data\/outputs\/task5_metrics\.json \(last at .* UTC\): the notebook is still running/,
    );
  });

  it("uses only the charts Task 5 lists, and needs each of them", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "report", "figures", "task5_tool_success_by_tool.png"));
    await expect(buildReport({ root })).rejects.toThrow(
      /report\/figures\/task5_tool_success_by_tool\.png listed in data\/outputs\/task5_metrics\.json is missing: run notebooks\/05_/,
    );
  });

  it("needs Task 3's before/after sample", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "data", "samples", "task3_redaction_before_after.md"));
    await expect(buildReport({ root })).rejects.toThrow(
      /data\/samples\/task3_redaction_before_after\.md is missing\. It is written by Task 3 .*npm run task -- 3/,
    );
  });

  it("shows notebook 04's span waterfall, when it exported one, in place of the trace-tree text", async () => {
    const root = fixtureRoot();
    const chart = join(root, "report", "figures", "task4_span_waterfall.svg");
    writeFileSync(
      chart,
      '<svg xmlns="http://www.w3.org/2000/svg" width="700" height="240"><text x="10" y="20" font-size="12">retrieval</text></svg>',
    );
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(chart, earlier, earlier);
    const path = join(root, "data", "outputs", "task4_tracing.json");
    writeFileSync(
      path,
      JSON.stringify({
        ...JSON.parse(readFileSync(path, "utf8")),
        figures: ["report/figures/task4_span_waterfall.svg"],
      }),
    );
    const built = await buildReport({ root });
    const pdf = pdftotext(built.path);
    expect(pdf).toContain("Span waterfall of one request");
    expect(pdf).not.toContain("Trace tree of the request whose tool timed out");
    expect(built.omittedFigures).not.toContain("task4_span_waterfall");
  });

  it("fails outside the page range and keeps the rejected PDF aside", async () => {
    const root = fixtureRoot();
    const error = await buildReport({ root, pages: { min: 1, max: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageCountError);
    expect((error as Error).message).toMatch(
      /the report has \d+ page\(s\); the assignment asks for 1–2 A4 pages/,
    );
    expect(existsSync(join(root, "report", "report.pdf"))).toBe(false);
    expect(pdfPageCount(join(root, "data", "runtime", "report-rejected.pdf"))).toBeGreaterThan(2);
  });
});
