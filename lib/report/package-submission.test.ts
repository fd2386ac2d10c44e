/**
 * The submission zip holds /notebook.ipynb, /report.pdf, /observability_contract.json,
 * /screenshots/ (chart PNGs and rendered trace trees) and /data/, beside what runs them
 * (package.json, the lockfile, tsconfig.json, lib/, notebooks/, the README, .ci/setup), and
 * refuses stale or missing inputs. Real outputs when the checkout has them, fixtures otherwise.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkbookRoot } from "./__fixtures__/workbook-root";
import type { WorkbookRoot } from "./__fixtures__/workbook-root";
import { buildReport } from "./build-report";
import { MissingInputError, SubmissionNameError } from "./errors";
import { listFigures } from "./figures";
import type { PackageResult } from "./package-submission";
import { packageSubmission } from "./package-submission";
import { resolveSubmissionName, submissionFileName } from "./submission-name";
import { TASKS } from "./tasks";

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe("packageSubmission", { timeout: 120_000 }, () => {
  let w: WorkbookRoot;
  let result: PackageResult;
  let files: Record<string, Uint8Array>;

  beforeAll(async () => {
    w = makeWorkbookRoot();
    await buildReport({ root: w.root });
    result = await packageSubmission({ root: w.root, name: "Jane Doe" });
    files = unzipSync(readFileSync(result.path));
  }, 120_000);
  afterAll(() => w?.cleanup());

  it("is named <YourName>_LLM_Observability_Assignment1.zip and written into report/", () => {
    expect(result.path).toBe(join(w.root, "report", "Jane_Doe_LLM_Observability_Assignment1.zip"));
    expect(Object.keys(files).sort()).toEqual(result.entries);
  });

  it("is named after the person: Ada Lovelace → Ada_Lovelace_LLM_Observability_Assignment1.zip", async () => {
    const ada = await packageSubmission({ root: w.root, name: "Ada Lovelace" });
    expect(ada.path).toBe(join(w.root, "report", "Ada_Lovelace_LLM_Observability_Assignment1.zip"));
    expect(ada.path).not.toMatch(/Workbook_/);
  });

  it("carries what runs the deliverables: package.json, the lockfile, tsconfig, lib/ (schema, redaction, collector, sampler), notebooks/, the README and the setup script", () => {
    for (const entry of [
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "README.md",
      ".ci/setup",
      "lib/index.ts",
      "lib/schema.ts",
      "lib/redact.ts",
      "lib/collector.ts",
      "lib/sampler.ts",
      "lib/tools/jupyter/kernel.mjs",
    ]) {
      expect(files[entry], entry).toBeDefined();
    }
    for (const t of TASKS)
      expect(
        Object.keys(files).some((f) => f.startsWith(`notebooks/${t.prefix}`) && f.endsWith(".ipynb")),
      ).toBe(true);
    expect(Object.keys(files).some((f) => f.startsWith("data/kb/"))).toBe(true);
    // Installed and generated state stays out.
    expect(
      Object.keys(files).filter((f) => /(^|\/)(node_modules|\.jupyter)\/|^data\/runtime\/|\.zip$/.test(f)),
    ).toEqual([]);
  });

  it("unzips into a folder npm ci accepts: lockfile in sync with package.json, every script's file present", () => {
    const dir = mkdtempSync(join(tmpdir(), "unzipped-"));
    try {
      for (const [name, bytes] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), bytes);
      }
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
      // npm ci refuses a lockfile out of sync with package.json: same name, version and declared ranges.
      expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
      expect([lock.name, lock.version]).toEqual([pkg.name, pkg.version]);
      expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
      expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
      // Every file a script runs (postinstall's kernel.mjs, the CLIs, .ci/setup) is in the copy.
      const referenced = Object.values(pkg.scripts as Record<string, string>).flatMap(
        (cmd) => cmd.match(/(?:\.ci|lib)\/[\w./-]+\.(?:mjs|ts|js|sh)|\.ci\/setup/g) ?? [],
      );
      expect(referenced.length).toBeGreaterThan(3);
      for (const path of referenced) expect(existsSync(join(dir, path)), path).toBe(true);
      // The combined notebook at the root imports the library at the root.
      expect(readFileSync(join(dir, "notebook.ipynb"), "utf8")).toMatch(/from \\"\.\/lib\/index\\"/);
      expect(existsSync(join(dir, "lib", "index.ts"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has the required top-level entries", () => {
    for (const entry of ["notebook.ipynb", "report.pdf", "observability_contract.json"])
      expect(files[entry]).toBeDefined();
    expect(Buffer.from(files["report.pdf"]).subarray(0, 5).toString()).toBe("%PDF-");
    expect(Buffer.from(files["report.pdf"]).equals(readFileSync(join(w.root, "report", "report.pdf")))).toBe(
      true,
    );
    expect(JSON.parse(Buffer.from(files["observability_contract.json"]).toString())).toHaveProperty(
      "alert_thresholds",
    );
  });

  it("holds the combined notebook with the six task sections", () => {
    const nb = JSON.parse(Buffer.from(files["notebook.ipynb"]).toString()) as {
      cells: { id: string; source: string[]; outputs?: { output_type: string }[] }[];
    };
    const headings = nb.cells.filter((c) => /^task-\d-heading$/.test(c.id)).map((c) => c.source[0].trim());
    expect(headings).toEqual(TASKS.map((t) => `# Task ${t.task}: ${t.title}`));
    expect(nb.cells.flatMap((c) => c.outputs ?? []).some((o) => o.output_type === "error")).toBe(false);
  });

  it("has chart PNGs and trace-tree renders under /screenshots/", () => {
    const charts = listFigures(join(w.root, "report", "figures")).filter((f) => f.png);
    for (const chart of charts) expect(files[`screenshots/${chart.name}.png`]).toBeDefined();
    const trees = Object.keys(files).filter((f) => /^screenshots\/task4_trace_tree.*\.png$/.test(f));
    expect(trees.length).toBeGreaterThan(0);
    for (const name of Object.keys(files).filter((f) => f.endsWith(".png")))
      expect([...files[name].subarray(0, 4)]).toEqual(PNG);
  });

  it("has every sample and output under /data/ (the whole data/ folder, which the notebooks read)", () => {
    const dir = join(w.root, "data", "samples");
    const samples = (readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
      statSync(join(dir, f)).isFile(),
    );
    expect(samples.length).toBeGreaterThan(0);
    for (const f of samples)
      expect(Buffer.from(files[`data/samples/${f}`]).equals(readFileSync(join(dir, f)))).toBe(true);
    expect(samples.some((f) => f.startsWith("task4_trace_tree"))).toBe(true);
    for (const t of TASKS) expect(files[`data/outputs/${t.output}.json`]).toBeDefined();
  });

  it("accepts an --out path ending in .zip", async () => {
    const out = join(w.root, "elsewhere", "custom.zip");
    const custom = await packageSubmission({ root: w.root, name: "X", out });
    expect(custom.path).toBe(out);
    expect(Object.keys(unzipSync(readFileSync(out)))).toContain("report.pdf");
  });
});

describe("resolveSubmissionName", () => {
  it("takes --name first, then git's user.name, and never a placeholder", () => {
    expect(resolveSubmissionName("Ada Lovelace", { gitName: () => "Someone Else" })).toEqual({
      name: "Ada Lovelace",
      source: "--name",
    });
    expect(resolveSubmissionName(undefined, { gitName: () => "Grace Hopper" })).toEqual({
      name: "Grace Hopper",
      source: "git user.name",
    });
  });

  it("asks for --name when git has no user.name", () => {
    expect(() => resolveSubmissionName(undefined, { gitName: () => undefined })).toThrow(SubmissionNameError);
    expect(() => resolveSubmissionName(undefined, { gitName: () => undefined })).toThrow(
      /no --name given .*--name "Ada Lovelace"/,
    );
  });

  it("reads git's user.name from the repository it runs in", () => {
    const dir = mkdtempSync(join(tmpdir(), "git-name-"));
    try {
      // A repository's own user.name wins over the global one.
      spawnSync("git", ["init", "-q", dir]);
      spawnSync("git", ["config", "user.name", "Ada Lovelace"], { cwd: dir });
      expect(resolveSubmissionName(undefined, { cwd: dir }).name).toBe("Ada Lovelace");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("packageSubmission refuses what it cannot stand behind", { timeout: 60_000 }, () => {
  const roots: WorkbookRoot[] = [];
  afterAll(() => roots.forEach((w) => w.cleanup()));
  const fixtureRoot = () => {
    const w = makeWorkbookRoot({ useReal: false });
    roots.push(w);
    return w.root;
  };

  it("needs the report first", async () => {
    await expect(packageSubmission({ root: fixtureRoot(), name: "Jane" })).rejects.toThrow(
      /report\/report\.pdf is missing: build it first with npm run report/,
    );
  });

  it("refuses a report older than the outputs", async () => {
    const root = fixtureRoot();
    await buildReport({ root });
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "data", "outputs", "task5_metrics.json"), later, later);
    await expect(packageSubmission({ root, name: "Jane" })).rejects.toThrow(
      /older than data\/outputs\/task5_metrics\.json: its numbers are stale/,
    );
  });

  it("needs the trace-tree printouts", async () => {
    const root = fixtureRoot();
    await buildReport({ root });
    for (const f of ["task4_trace_tree_langfuse.txt", "task4_trace_tree_langsmith.txt"])
      rmSync(join(root, "data", "samples", f));
    const error = await packageSubmission({ root, name: "Jane" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as Error).message).toContain("npm run task -- 4");
  });

  it("refuses a page count outside 4–6", async () => {
    const root = fixtureRoot();
    writeFileSync(join(root, "report", "report.pdf"), "%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n");
    await expect(packageSubmission({ root, name: "Jane", pages: { min: 4, max: 6 } })).rejects.toThrow(
      /has \d+ pages, outside 4–6/,
    );
  });
});

describe("submissionFileName", () => {
  it.each([
    ["JaneDoe", "JaneDoe_LLM_Observability_Assignment1.zip"],
    ["  Jane   Doe ", "Jane_Doe_LLM_Observability_Assignment1.zip"],
    ["José Núñez", "José_Núñez_LLM_Observability_Assignment1.zip"],
  ])("%j → %s", (name, file) => expect(submissionFileName(name)).toBe(file));

  it.each([[""], ["   "], ["a/b"], ["..\\x"], ["x:y"], [".hidden"], ["a".repeat(101)]])(
    "rejects %j",
    (name) => {
      expect(() => submissionFileName(name)).toThrow(SubmissionNameError);
    },
  );
});
