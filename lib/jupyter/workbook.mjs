// npm run workbook [-- --name "<YourName>"] [--out <dir|file.zip>]: the README's main command.
// Runs task notebooks 01–06 in order (each in a fresh kernel, outputs saved in place), then builds
// report/report.pdf and the submission zip from what those runs wrote. A failing step stops the run.
import { existsSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { executeNotebook, findJupyterPython, JupyterMissingError, listNotebooks, notebooksDir, projectRoot } from "./jupyter.mjs";

export const TASK_PREFIXES = ["01_", "02_", "03_", "04_", "05_", "06_"];
export const USAGE = 'npm run workbook [-- --name "<YourName>"] [--out <dir|file.zip>]';

/** Command-line options; throws a usage message for anything unknown. */
export function parseWorkbookArgs(argv) {
  try {
    const { values } = parseArgs({ args: argv, options: { name: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
    // No placeholder: without --name the zip takes git's user.name, or the run stops and asks (lib/report/submission-name.ts).
    return { name: values.name, out: values.out, help: values.help === true };
  } catch (error) {
    throw new Error(`${error.message}\nusage: ${USAGE}`);
  }
}

/** Which task notebooks exist: `present` in task order, `missing` as the prefixes not found. */
export function planNotebooks(paths) {
  const present = [];
  const missing = [];
  for (const prefix of TASK_PREFIXES) {
    const path = paths.find((p) => basename(p).startsWith(prefix));
    if (path) present.push(path);
    else missing.push(prefix);
  }
  return { present, missing };
}

const SPINNER_MS = 200;
const seconds = (ms) => (ms / 1000).toFixed(1);

/**
 * Runs steps in order with a progress display: one live line per step with an elapsed counter
 * when `tty`, plain start/end lines otherwise. A step is `{ label, missing?, run }` where `run`
 * resolves to `{ ok: true, detail? }` or `{ ok: false, error }` (a throw counts as a failure).
 * The first failure stops the run; later steps are reported as skipped.
 */
export async function runSteps(steps, { write = (s) => process.stdout.write(s), tty = false, now = () => Date.now() } = {}) {
  const results = [];
  let stopped = false;
  for (const [index, step] of steps.entries()) {
    const tag = `[${index + 1}/${steps.length}] ${step.label}`;
    if (stopped) {
      results.push({ label: step.label, status: "skipped" });
      continue;
    }
    if (step.missing) {
      write(`  -  ${tag}: missing (${step.missing})\n`);
      results.push({ label: step.label, status: "missing", detail: step.missing });
      continue;
    }
    const started = now();
    let timer;
    if (tty) {
      const draw = () => write(`\r\x1b[2K  >  ${tag}  ${seconds(now() - started)} s`);
      draw();
      timer = setInterval(draw, SPINNER_MS);
    } else {
      write(`  >  ${tag} ...\n`);
    }
    let outcome;
    try {
      outcome = await step.run();
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      if (timer) clearInterval(timer);
    }
    const elapsed = (now() - started) / 1000;
    const status = outcome.ok ? "ok" : "FAILED";
    const line = `  ${outcome.ok ? "ok" : "!!"} ${tag}: ${status} (${elapsed.toFixed(1)} s)${outcome.ok && outcome.detail ? `  ${outcome.detail}` : ""}\n`;
    write(tty ? `\r\x1b[2K${line}` : line);
    results.push({ label: step.label, status, seconds: elapsed, detail: outcome.detail, error: outcome.error, value: outcome.value });
    if (!outcome.ok) {
      write(`\n${String(outcome.error).replace(/^/gm, "     ")}\n\n`);
      stopped = true;
    }
  }
  return results;
}

/** The closing table: step, status, seconds, and a total. */
export function summaryTable(results) {
  const width = Math.max(24, ...results.map((r) => r.label.length)) + 2;
  const row = (a, b, c) => `  ${a.padEnd(width)}${b.padEnd(9)}${c.padStart(8)}`;
  const total = results.reduce((sum, r) => sum + (r.seconds ?? 0), 0);
  return [row("step", "status", "seconds"), ...results.map((r) => row(r.label, r.status, r.seconds === undefined ? "-" : r.seconds.toFixed(1))), row("total", "", total.toFixed(1))].join("\n");
}

/** Exit code for a finished run: 0 only when every step ran and passed. */
export function exitCodeFor(results) {
  return results.every((r) => r.status === "ok") ? 0 : 1;
}

async function main() {
  let args;
  try {
    args = parseWorkbookArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  if (args.help) {
    console.log(`usage: ${USAGE}`);
    return 0;
  }
  try {
    findJupyterPython();
  } catch (error) {
    if (error instanceof JupyterMissingError) {
      console.error(error.message);
      return 3;
    }
    throw error;
  }
  // tsx's API lets this plain-Node script call the TypeScript report and packager in-process.
  const { tsImport } = await import("tsx/esm/api");
  const { buildReport } = await tsImport("../report/build-report.ts", import.meta.url);
  const { packageSubmission } = await tsImport("../report/package-submission.ts", import.meta.url);
  const { describeError } = await tsImport("../report/cli.ts", import.meta.url);
  const { resolveSubmissionName } = await tsImport("../report/submission-name.ts", import.meta.url);
  // Settle the zip's name before minutes of notebooks, so a missing name stops the run at once.
  let submission;
  try {
    submission = resolveSubmissionName(args.name, { cwd: projectRoot });
  } catch (error) {
    console.error(`error: ${describeError(error)}`);
    return 2;
  }
  if (submission.source !== "--name") console.log(`Zip name "${submission.name}" from ${submission.source} (pass -- --name "<YourName>" to choose another).`);

  const runStarted = new Date();
  const { present, missing } = planNotebooks(existsSync(notebooksDir) ? listNotebooks() : []);
  const rel = (p) => relative(projectRoot, p);
  const notebookSteps = TASK_PREFIXES.map((prefix) => {
    const path = present.find((p) => basename(p).startsWith(prefix));
    if (!path) return { label: `notebook ${prefix}*`, missing: `no notebooks/${prefix}*.ipynb in this checkout` };
    return {
      label: `notebook ${basename(path, ".ipynb")}`,
      run: async () => {
        const r = await executeNotebook(path);
        return r.ok ? { ok: true } : { ok: false, error: r.error };
      },
    };
  });
  const asStep = (label, work, detail) => ({
    label,
    run: async () => {
      try {
        const value = await work();
        return { ok: true, value, detail: detail(value) };
      } catch (error) {
        return { ok: false, error: describeError(error) };
      }
    },
  });
  const steps = [
    ...notebookSteps,
    asStep("report", () => buildReport({ root: projectRoot, notOlderThan: runStarted }), (r) => `${rel(r.path)}, ${r.pages} pages`),
    asStep("package", () => packageSubmission({ root: projectRoot, name: submission.name, out: args.out ? resolve(args.out) : undefined }), (r) => rel(r.path)),
  ];

  console.log(`LLM Observability Workbook: ${present.length} of 6 task notebooks, then the report and the zip.`);
  if (missing.length) console.log(`Missing notebooks: ${missing.map((p) => `notebooks/${p}*.ipynb`).join(", ")} (not in this checkout; their outputs cannot be from this run).`);
  const results = await runSteps(steps, { tty: process.stdout.isTTY === true });

  console.log(`\nSummary\n${summaryTable(results)}`);
  const report = results.find((r) => r.label === "report" && r.status === "ok")?.value;
  const pkg = results.find((r) => r.label === "package" && r.status === "ok")?.value;
  const outputs = [];
  if (results.some((r) => r.label.startsWith("notebook ") && r.status === "ok")) outputs.push(["executed notebooks", "notebooks/*.ipynb (outputs saved in place)"]);
  if (report) outputs.push(["report", `${rel(report.path)} (${report.pages} pages)`], ["architecture", rel(report.architecture)]);
  if (pkg) outputs.push(["combined notebook", rel(pkg.notebook.path)], ["screenshots", "report/screenshots/ + report/figures/"], ["submission zip", `${rel(pkg.path)} (${pkg.entries.length} entries)`]);
  if (outputs.length) console.log(`\nOutputs\n${outputs.map(([k, v]) => `  ${k.padEnd(20)}${v}`).join("\n")}`);
  const code = exitCodeFor(results);
  if (code !== 0) console.log(`\nThe workbook is incomplete: ${results.filter((r) => r.status !== "ok").map((r) => `${r.label} ${r.status}`).join(", ")}.`);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
