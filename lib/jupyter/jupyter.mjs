// Finds Jupyter, points it at the project-local tslab kernel, and executes notebooks.
// Shared by `npm run task`, `npm run workbook`, `npm run lab` and the notebook tests.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const notebooksDir = join(projectRoot, "notebooks");

export const INSTALL_HINT = [
  "Jupyter (nbclient + nbconvert) is not installed. Install it with either:",
  "  sudo apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook   # Debian/Ubuntu",
  "  pip install notebook nbconvert                                                             # any Python 3",
].join("\n");

export class JupyterMissingError extends Error {
  name = "JupyterMissingError";
  constructor() {
    super(INSTALL_HINT);
  }
}

/**
 * A Python that has Jupyter's nbclient: Debian's /usr/bin/python3 first (a pyenv python3 earlier
 * on PATH may lack Jupyter), then python3 on PATH.
 */
export function findJupyterPython() {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(python, ["-c", "import nbclient, nbformat, jupyter_client"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  throw new JupyterMissingError();
}

/** Environment for Jupyter processes: the project kernelspec on JUPYTER_PATH. */
export function jupyterEnv(extra = {}) {
  const kernels = join(projectRoot, ".jupyter");
  const spec = join(kernels, "kernels", "tslab", "kernel.json");
  if (!existsSync(spec)) {
    throw new Error(`The tslab kernelspec ${spec} is missing. Run \`npm install\` (or \`node lib/jupyter/kernel.mjs\`).`);
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

/** First error output of an executed notebook, as { cell, source, error }, or null. */
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
 * Executes a notebook top to bottom in a fresh tslab kernel with nbclient (the engine behind
 * `jupyter nbconvert --execute`) and writes it to `outputPath` (in place by default). The kernel
 * starts at the project root. Resolves to { ok, seconds, error? }; never throws for a failing cell.
 */
export function executeNotebook(notebookPath, { outputPath = notebookPath, timeoutSeconds = 900, env = {} } = {}) {
  const python = findJupyterPython();
  const started = Date.now();
  const driver = join(projectRoot, "lib", "jupyter", "execute_notebook.py");
  const args = [driver, notebookPath, outputPath, "tslab", String(timeoutSeconds), projectRoot];
  return new Promise((resolve) => {
    const child = spawn(python, args, { cwd: projectRoot, env: jupyterEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      resolve(code === 0 ? { ok: true, seconds } : { ok: false, seconds, error: log.trim().slice(-6000) || `exit code ${code}` });
    });
  });
}
