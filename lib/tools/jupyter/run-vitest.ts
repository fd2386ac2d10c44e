/**
 * Runs vitest on some test files in a child process and returns its results as a value, so a
 * notebook can show the library's tests passing (or failing) from a one-line cell. A run that
 * cannot start, or does not finish within the timeout, is a result with `ok: false` and the
 * reason in `error`, not an exception.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { PACKAGE_ROOT } from "../../package-root";

/** A type alias (not an interface) so groups pass to `htmlTable` as rows. */
export type VitestGroup = {
  /** The outermost `describe` title (or the file name for top-level tests). */
  group: string;
  passed: number;
  failed: number;
  skipped: number;
};

export interface VitestRun {
  ok: boolean;
  files: string[];
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  groups: VitestGroup[];
  /** `describe > test: first line of the failure` for each failed test. */
  failures: string[];
  /** Vitest-style summary lines, e.g. "Tests  219 passed (219)". */
  summary: string;
  error?: string;
}

export interface RunVitestOptions {
  /** Project root (default: this package's root, wherever the process runs). */
  root?: string;
  timeoutMs?: number;
}

interface JsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages: string[];
    }[];
  }[];
}

export function runVitest(files: readonly string[], options: RunVitestOptions = {}): VitestRun {
  const root = resolve(options.root ?? PACKAGE_ROOT);
  const failed = (error: string, seconds = 0): VitestRun => ({
    ok: false,
    files: [...files],
    total: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    seconds,
    groups: [],
    failures: [],
    summary: `vitest did not run: ${error}`,
    error,
  });
  const cli = join(root, "node_modules", "vitest", "vitest.mjs");
  if (!existsSync(cli)) return failed(`${cli} not found: run npm install in ${root}`);
  const dir = mkdtempSync(join(tmpdir(), "vitest-run-"));
  const reportPath = join(dir, "report.json");
  const started = Date.now();
  try {
    const child = spawnSync(
      process.execPath,
      [cli, "run", ...files, "--reporter=json", `--outputFile=${reportPath}`],
      {
        cwd: root,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    if (child.error) return failed(child.error.message, seconds);
    if (!existsSync(reportPath))
      return failed(
        `no report (exit code ${child.status}): ${(child.stderr || child.stdout).trim().split("\n").slice(-5).join(" | ")}`,
        seconds,
      );
    return summarise(JSON.parse(readFileSync(reportPath, "utf8")) as JsonReport, root, files, seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarise(report: JsonReport, root: string, files: readonly string[], seconds: number): VitestRun {
  const groups = new Map<string, VitestGroup>();
  const failures: string[] = [];
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const name = test.ancestorTitles[0] ?? relative(root, file.name);
      const group = groups.get(name) ?? { group: name, passed: 0, failed: 0, skipped: 0 };
      if (test.status === "passed") group.passed++;
      else if (test.status === "failed") {
        group.failed++;
        failures.push(
          `${[...test.ancestorTitles, test.title].join(" > ")}: ${(test.failureMessages[0] ?? "").split("\n")[0]}`,
        );
      } else group.skipped++;
      groups.set(name, group);
    }
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  const fileLine = report.testResults.map(
    (f) =>
      `${f.assertionResults.every((t) => t.status !== "failed") ? "✓" : "✗"} ${relative(root, f.name)} (${f.assertionResults.length} tests)`,
  );
  const counts = [
    report.numFailedTests ? `${report.numFailedTests} failed` : "",
    `${report.numPassedTests} passed`,
    skipped ? `${skipped} skipped` : "",
  ]
    .filter(Boolean)
    .join(" | ");
  if (report.numTotalTests === 0) fileLine.push(`no tests found in ${files.join(", ")}`);
  const summary = [
    ...fileLine,
    `Tests  ${counts} (${report.numTotalTests})`,
    `Duration  ${seconds.toFixed(1)} s`,
  ].join("\n");
  return {
    ok: report.numFailedTests === 0 && report.numTotalTests > 0,
    files: [...files],
    total: report.numTotalTests,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped,
    seconds,
    groups: [...groups.values()],
    failures,
    summary,
  };
}
