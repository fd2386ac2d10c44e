// Finds Jupyter, points it at the project-local tslab kernel, and executes notebooks.
// Shared by `npm run task`, `npm run workbook`, `npm run lab` and the notebook tests.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));
export const notebooksDir = join(projectRoot, "notebooks");

export const INSTALL_HINT = [
  "Jupyter (nbconvert + nbclient) is not installed. Install it with either:",
  "  sudo apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook   # Debian/Ubuntu",
  "  pip install notebook nbconvert                                                             # any Python 3",
].join("\n");

export class JupyterMissingError extends Error {
  name = "JupyterMissingError";
  constructor() {
    super(INSTALL_HINT);
  }
}

/** The jupyter command: Debian's /usr/bin/jupyter first (the pyenv python on PATH may lack Jupyter), then PATH. */
export function findJupyter() {
  const candidates = ["/usr/bin/jupyter", "jupyter"];
  for (const cmd of candidates) {
    const probe = spawnSync(cmd, ["nbconvert", "--version"], { encoding: "utf8" });
    if (probe.status === 0) return cmd;
  }
  throw new JupyterMissingError();
}

/** Environment for Jupyter processes: the project kernelspec on JUPYTER_PATH. */
export function jupyterEnv(extra = {}) {
  const kernels = join(projectRoot, "kernels");
  const spec = join(kernels, "kernels", "tslab", "kernel.json");
  if (!existsSync(spec)) {
    throw new Error(`The tslab kernelspec ${spec} is missing. Run \`npm install\` (or \`node scripts/kernel.mjs\`).`);
  }
  const JUPYTER_PATH = [kernels, process.env.JUPYTER_PATH].filter(Boolean).join(":");
  return { ...process.env, JUPYTER_PATH, ...extra };
}

/** Task notebooks in order: `01_….ipynb` … `06_….ipynb`. */
export function listNotebooks() {
  return readdirSync(notebooksDir)
    .filter((name) => /^\d\d_.*\.ipynb$/.test(name))
    .sort()
    .map((name) => join(notebooksDir, name));
}

/** The notebook for task `n` ("2", "02" or a file name). */
export function findNotebook(n) {
  const all = listNotebooks();
  const key = String(n).trim();
  const match = /^\d+$/.test(key)
    ? all.find((path) => path.split("/").pop().startsWith(key.padStart(2, "0") + "_"))
    : all.find((path) => path.endsWith(key) || path.endsWith(key + ".ipynb"));
  if (!match) {
    const names = all.map((p) => p.split("/").pop()).join(", ");
    throw new Error(`No notebook for task "${n}". Available: ${names || "(none)"}`);
  }
  return match;
}

/** First error output of an executed notebook, as text, or null. */
export function firstError(notebookPath) {
  const nb = JSON.parse(readFileSync(notebookPath, "utf8"));
  for (const [index, cell] of nb.cells.entries()) {
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "error") {
        return { cell: index + 1, source: [].concat(cell.source).join(""), error: `${out.ename}: ${out.evalue}` };
      }
    }
  }
  return null;
}

/**
 * Executes a notebook top to bottom in a fresh tslab kernel and writes it to `outputPath`
 * (in place by default). Resolves to { ok, seconds, error? } and never throws for a failing cell.
 */
export function executeNotebook(notebookPath, { outputPath = notebookPath, timeoutSeconds = 900, env = {} } = {}) {
  const jupyter = findJupyter();
  const started = Date.now();
  const args = [
    "nbconvert", "--to", "notebook", "--execute",
    "--ExecutePreprocessor.kernel_name=tslab",
    `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
    "--output", outputPath,
    notebookPath,
  ];
  return new Promise((resolve) => {
    const child = spawn(jupyter, args, { cwd: dirname(notebookPath), env: jupyterEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      if (code === 0) {
        numberCells(outputPath);
        return resolve({ ok: true, seconds });
      }
      resolve({ ok: false, seconds, error: summariseFailure(log) });
    });
  });
}

/**
 * tslab reports no execution counts to nbclient, so nbconvert leaves them null. After a clean
 * top-to-bottom run we number the code cells 1, 2, 3 ..., as nbclient's own execute() does.
 */
function numberCells(notebookPath) {
  const nb = JSON.parse(readFileSync(notebookPath, "utf8"));
  let count = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.execution_count = ++count;
    for (const out of cell.outputs ?? []) if ("execution_count" in out) out.execution_count = count;
  }
  writeFileSync(notebookPath, JSON.stringify(nb, null, 1) + "\n");
}

/** nbconvert's failure log names the failing cell and its error; keep that part, drop the Python traceback. */
function summariseFailure(log) {
  const marker = log.indexOf("An error occurred while executing the following cell");
  const text = marker >= 0 ? log.slice(marker) : log;
  const lines = text.split("\n").filter((line) => !/^\s*(File "|Traceback|\^)/.test(line));
  return lines.slice(0, 60).join("\n").trim() || `nbconvert failed with no output`;
}
