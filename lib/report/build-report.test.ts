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
import { MissingInputError, OutputFieldError, PageCountError } from "./errors";
import { listFigures } from "./figures";
import { pdfPageCount } from "./pdf-pages";
import { readTaskOutput } from "./task-output";
import { TASK1_FIELDS } from "./task1-section";
import { TASK4_FIELDS } from "./task4-section";
import { TASK5_FIELDS } from "./task5-section";
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
    for (const heading of ["What was simulated in this run", "Architecture of the instrumentation", "Charts", "Key learnings"]) expect(text).toContain(heading);
  });

  it("shows values, never Markdown escapes or unfilled templates", () => {
    expect(text).not.toMatch(/\\[_*`[\]()#|]/);
    expect(text).not.toMatch(/undefined|NaN|\[object Object\]|\$\{/);
  });

  it("includes every figure in report/figures with its caption", () => {
    const figures = listFigures(join(w.root, "report", "figures"));
    expect(figures.length).toBeGreaterThan(0);
    expect(result.figures).toBe(figures.length);
    for (const f of figures) expect(text).toContain(f.caption);
    // PNG-only figures are embedded as raster images; SVGs are drawn as vectors.
    const rasters = figures.filter((f) => !f.svg).length;
    const images = spawnSync("pdfimages", ["-list", result.path], { encoding: "utf8" }).stdout.trim().split("\n").length - 2;
    expect(images).toBeGreaterThanOrEqual(rasters);
  });

  it("prints the threshold table from the contract with Task 5's statuses and values", () => {
    const contract = loadContract(join(w.root, "observability_contract.json"));
    const task5 = readTaskOutput(5, { root: w.root });
    for (const [metric, t] of Object.entries(contract.alert_thresholds)) {
      expect(text).toContain(metric);
      expect(text).toContain(t.justification.split(" ").slice(0, 4).join(" "));
      expect(text).toContain(task5.str(`${TASK5_FIELDS.statuses}.${metric}`));
    }
    expect(text).toContain(`p95 ${ms(task5.num(TASK5_FIELDS.p95))}`);
    expect(text).toContain(`failure rate ${pct(task5.num(TASK5_FIELDS.failureRate))}`);
  });

  it("states what was simulated, from the outputs' own flags", () => {
    const task1 = readTaskOutput(1, { root: w.root });
    const simulatedLlm = task1.bool(`${TASK1_FIELDS.versions.v1}.${TASK1_FIELDS.simulated}`) && task1.bool(`${TASK1_FIELDS.versions.v2}.${TASK1_FIELDS.simulated}`);
    const localBackend = readTaskOutput(4, { root: w.root }).bool(TASK4_FIELDS.localBackend);
    const prometheusLlm = readTaskOutput(5, { root: w.root }).bool(TASK5_FIELDS.promSimulatedLlm);
    expect(text).toContain(simulatedLlm ? "the embedded simulator answered every Task 1 request" : "the real OpenAI API answered");
    expect(text).toContain(localBackend ? "local loopback backend the notebook started" : "traces went to the real services");
    expect(text).toContain(prometheusLlm ? "but the embedded LLM simulator" : "answered by the real LLM API");
  });

  it("writes the architecture diagram as a well-formed vector SVG with every part of the pipeline", () => {
    const svg = readFileSync(result.architecture, "utf8");
    for (const label of ["User query", "retrieval span", "LLM generation", "REDACTION", "Sampler", "Langfuse SDK", "LangSmith SDK", "Local trace backend", "Prometheus", "Grafana", "Alert rules", "observability_contract.json"]) {
      expect(svg).toContain(label);
    }
    const parsed = spawnSync("python3", ["-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])", result.architecture]);
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
    expect((error as Error).message).toMatch(/2 of 6 cannot be used/);
    expect((error as Error).message).toContain("npm run task -- 4");
    expect((error as Error).message).toContain("npm run task -- 6");
    expect(existsSync(join(root, "report", "report.pdf"))).toBe(false);
  });

  it("rejects outputs written before the run started", async () => {
    const root = fixtureRoot();
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, "data", "outputs", "task1_gap.json"), old, old);
    await expect(buildReport({ root, notOlderThan: new Date(Date.now() - 60_000) })).rejects.toThrow(/task1_gap\.json was written at .* before this run started/);
  });

  it("names the field when an output lacks one", async () => {
    const root = fixtureRoot();
    const path = join(root, "data", "outputs", "task5_metrics.json");
    const data = JSON.parse(readFileSync(path, "utf8"));
    delete data.metrics.p95_latency_ms;
    writeFileSync(path, JSON.stringify(data));
    const error = await buildReport({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFieldError);
    expect((error as Error).message).toContain('field "metrics.p95_latency_ms" is missing');
  });

  it("needs the charts", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "report", "figures"), { recursive: true });
    await expect(buildReport({ root })).rejects.toThrow(/report\/figures\/ holds no charts .*npm run task -- 5/);
  });

  it("refuses charts written after Task 5's output (notebook 05 mid-run)", async () => {
    const root = fixtureRoot();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "report", "figures", "task5_cost_per_request.svg"), later, later);
    await expect(buildReport({ root })).rejects.toThrow(/report\/figures\/task5_cost_per_request\.svg was written after data\/outputs\/task5_metrics\.json \(last at .* UTC\): notebook 05 is still running/);
  });

  it("uses only the charts Task 5 lists, and needs each of them", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "report", "figures", "task5_tool_success_by_tool.png"));
    await expect(buildReport({ root })).rejects.toThrow(/report\/figures\/task5_tool_success_by_tool\.png listed in data\/outputs\/task5_metrics\.json is missing: run notebooks\/05_/);
  });

  it("needs Task 3's before/after sample", async () => {
    const root = fixtureRoot();
    rmSync(join(root, "data", "samples", "task3_redaction_before_after.md"));
    await expect(buildReport({ root })).rejects.toThrow(/data\/samples\/task3_redaction_before_after\.md is missing\. It is written by Task 3 .*npm run task -- 3/);
  });

  it("fails outside the page range and keeps the rejected PDF aside", async () => {
    const root = fixtureRoot();
    const error = await buildReport({ root, pages: { min: 1, max: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageCountError);
    expect((error as Error).message).toMatch(/the report has \d+ page\(s\); the assignment asks for 1–2 A4 pages/);
    expect(existsSync(join(root, "report", "report.pdf"))).toBe(false);
    expect(pdfPageCount(join(root, "data", "runtime", "report-rejected.pdf"))).toBeGreaterThan(2);
  });
});
