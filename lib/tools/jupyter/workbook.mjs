// npm run workbook [-- --name "<YourName>"] [--out <dir|file.zip>]: the README's main command.
// Runs task notebooks 01–06 in order (each in a fresh kernel, outputs saved in place), then builds
// report/report.pdf and the submission zip from what those runs wrote. A failing step stops the run.
import { existsSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import {
  executeNotebook,
  findJupyterPython,
  JupyterMissingError,
  listNotebooks,
  notebooksDir,
  projectRoot,
} from "./jupyter.mjs";

export const TASK_PREFIXES = ["01_", "02_", "03_", "04_", "05_", "06_"];
export const USAGE =
  'npm run workbook [-- --name "<YourName>"] [--out <dir|file.zip>] [--jobs <n>] [--time-scale <x>]';
/** Notebooks at a time: they mostly wait on simulated latency and servers, so 3 fill 2 cores. */
export const DEFAULT_JOBS = 3;
/** Simulated LLM latency in a batch run, as a share of real time (the outputs' LLM notice states it). */
export const DEFAULT_BATCH_TIME_SCALE = 0.25;

/** Command-line options; throws a usage message for anything unknown. */
export function parseWorkbookArgs(argv) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        name: { type: "string" },
        out: { type: "string" },
        jobs: { type: "string" },
        "time-scale": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    const jobs = values.jobs === undefined ? DEFAULT_JOBS : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1)
      throw new Error(`--jobs must be a whole number of at least 1 (got "${values.jobs}")`);
    const timeScale = values["time-scale"] === undefined ? undefined : Number(values["time-scale"]);
    if (timeScale !== undefined && !(timeScale >= 0 && timeScale <= 100))
      throw new Error(`--time-scale must be a number between 0 and 100 (got "${values["time-scale"]}")`);
    // No placeholder: without --name the zip takes git's user.name, or the run stops and asks (lib/report/submission-name.ts).
    return { name: values.name, out: values.out, jobs, timeScale, help: values.help === true };
  } catch (error) {
    throw new Error(`${error.message}\nusage: ${USAGE}`, { cause: error });
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
 * when `tty`, plain start/end lines otherwise. A step is `{ label, missing?, parallel?, run }` where
 * `run` resolves to `{ ok: true, detail? }` or `{ ok: false, error }` (a throw counts as a failure).
 * With `jobs` > 1, consecutive `parallel` steps run up to `jobs` at a time (plain lines, results
 * in step order); the others wait for everything before them. The first failure stops the run:
 * nothing new starts, and later steps are reported as skipped.
 */
export async function runSteps(
  steps,
  { write = (s) => process.stdout.write(s), tty = false, now = () => Date.now(), jobs = 1 } = {},
) {
  const results = new Array(steps.length);
  let stopped = false;
  const live = tty && jobs <= 1;

  async function runOne(step, index) {
    const tag = `[${index + 1}/${steps.length}] ${step.label}`;
    if (stopped) return (results[index] = { label: step.label, status: "skipped" });
    if (step.missing) {
      write(`  -  ${tag}: missing (${step.missing})\n`);
      return (results[index] = { label: step.label, status: "missing", detail: step.missing });
    }
    const started = now();
    let timer;
    if (live) {
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
    write(live ? `\r\x1b[2K${line}` : line);
    results[index] = {
      label: step.label,
      status,
      seconds: elapsed,
      detail: outcome.detail,
      error: outcome.error,
      value: outcome.value,
    };
    if (!outcome.ok) {
      write(`\n${String(outcome.error).replace(/^/gm, "     ")}\n\n`);
      stopped = true;
    }
    return results[index];
  }

  for (let i = 0; i < steps.length;) {
    if (jobs > 1 && steps[i].parallel) {
      let end = i;
      while (end < steps.length && steps[end].parallel) end++;
      const queue = steps.slice(i, end).map((step, k) => [step, i + k]);
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await runOne(next[0], next[1]);
      };
      await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, worker));
      i = end;
    } else {
      await runOne(steps[i], i);
      i++;
    }
  }
  return results;
}

/** The closing table: step, status, seconds, a total, and the wall-clock time when steps overlapped. */
export function summaryTable(results, { wallSeconds } = {}) {
  const width = Math.max(24, ...results.map((r) => r.label.length)) + 2;
  const row = (a, b, c) => `  ${a.padEnd(width)}${b.padEnd(9)}${c.padStart(8)}`;
  const total = results.reduce((sum, r) => sum + (r.seconds ?? 0), 0);
  const rows = [
    row("step", "status", "seconds"),
    ...results.map((r) => row(r.label, r.status, r.seconds === undefined ? "-" : r.seconds.toFixed(1))),
    row("total", "", total.toFixed(1)),
  ];
  if (wallSeconds !== undefined) rows.push(row("wall clock", "", wallSeconds.toFixed(1)));
  return rows.join("\n");
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
  const { buildReport } = await tsImport("../../report/build-report.ts", import.meta.url);
  const { packageSubmission } = await tsImport("../../report/package-submission.ts", import.meta.url);
  const { describeError } = await tsImport("../cli.ts", import.meta.url);
  const { resolveSubmissionName } = await tsImport("../../report/submission-name.ts", import.meta.url);
  // Settle the zip's name before minutes of notebooks, so a missing name stops the run at once.
  let submission;
  try {
    submission = resolveSubmissionName(args.name, { cwd: projectRoot });
  } catch (error) {
    console.error(`error: ${describeError(error)}`);
    return 2;
  }
  if (submission.source !== "--name")
    console.log(
      `Zip name "${submission.name}" from ${submission.source} (pass -- --name "<YourName>" to choose another).`,
    );

  const runStarted = new Date();
  // An explicit flag wins, then the caller's LLM_SIM_TIME_SCALE, then the batch default.
  const timeScale = String(args.timeScale ?? process.env.LLM_SIM_TIME_SCALE ?? DEFAULT_BATCH_TIME_SCALE);
  const kernelEnv = { LLM_SIM_TIME_SCALE: timeScale };
  const { present, missing } = planNotebooks(existsSync(notebooksDir) ? listNotebooks() : []);
  const rel = (p) => relative(projectRoot, p);
  const notebookSteps = TASK_PREFIXES.map((prefix) => {
    const path = present.find((p) => basename(p).startsWith(prefix));
    if (!path)
      return { label: `notebook ${prefix}*`, missing: `no notebooks/${prefix}*.ipynb in this checkout` };
    return {
      label: `notebook ${basename(path, ".ipynb")}`,
      parallel: true,
      run: async () => {
        const r = await executeNotebook(path, { env: kernelEnv });
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
    asStep(
      "report",
      () => buildReport({ root: projectRoot, notOlderThan: runStarted }),
      (r) => `${rel(r.path)}, ${r.pages} pages`,
    ),
    asStep(
      "package",
      () =>
        packageSubmission({
          root: projectRoot,
          name: submission.name,
          out: args.out ? resolve(args.out) : undefined,
        }),
      (r) => rel(r.path),
    ),
  ];

  console.log(
    `LLM Observability Workbook: ${present.length} of 6 task notebooks, then the report and the zip.`,
  );
  if (missing.length)
    console.log(
      `Missing notebooks: ${missing.map((p) => `notebooks/${p}*.ipynb`).join(", ")} (not in this checkout; their outputs cannot be from this run).`,
    );
  console.log(
    `Notebooks run ${args.jobs} at a time, each in a fresh kernel; simulated LLM latency at ${timeScale}x real time (LLM_SIM_TIME_SCALE, stated in each output's LLM notice).`,
  );
  const wallStarted = Date.now();
  const results = await runSteps(steps, { tty: process.stdout.isTTY === true, jobs: args.jobs });

  console.log(`\nSummary\n${summaryTable(results, { wallSeconds: (Date.now() - wallStarted) / 1000 })}`);
  const report = results.find((r) => r.label === "report" && r.status === "ok")?.value;
  const pkg = results.find((r) => r.label === "package" && r.status === "ok")?.value;
  const outputs = [];
  if (results.some((r) => r.label.startsWith("notebook ") && r.status === "ok"))
    outputs.push(["executed notebooks", "notebooks/*.ipynb (outputs saved in place)"]);
  if (report)
    outputs.push(
      ["report", `${rel(report.path)} (${report.pages} pages)`],
      ["architecture", rel(report.architecture)],
    );
  if (pkg)
    outputs.push(
      ["combined notebook", rel(pkg.notebook.path)],
      ["screenshots", "report/screenshots/ + report/figures/"],
      ["submission zip", `${rel(pkg.path)} (${pkg.entries.length} entries)`],
    );
  if (outputs.length)
    console.log(`\nOutputs\n${outputs.map(([k, v]) => `  ${k.padEnd(20)}${v}`).join("\n")}`);
  const code = exitCodeFor(results);
  if (code !== 0)
    console.log(
      `\nThe workbook is incomplete: ${results
        .filter((r) => r.status !== "ok")
        .map((r) => `${r.label} ${r.status}`)
        .join(", ")}.`,
    );
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
