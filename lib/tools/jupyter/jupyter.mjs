// Finds Jupyter, points it at the project-local tslab kernel, and executes notebooks.
// Shared by `npm run task`, `npm run workbook`, `npm run lab` and the notebook tests.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
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
    const probe = spawnSync(python, ["-c", "import nbclient, nbformat, jupyter_client"], {
      encoding: "utf8",
    });
    if (probe.status === 0) return python;
  }
  throw new JupyterMissingError();
}

/**
 * Writes `<root>/.jupyter/kernels/tslab/kernel.json`, a tslab kernel that starts in `root`: tslab
 * compiles with rootDir = its working directory, so notebooks import ./lib and write their outputs
 * relative to it. Debian's Jupyter cannot run `tslab install`, hence this file.
 */
export function writeKernelSpec(root = projectRoot) {
  const tslab = join(projectRoot, "node_modules", ".bin", "tslab");
  const dir = join(root, ".jupyter", "kernels", "tslab");
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [
      "/bin/sh",
      "-c",
      'cd "$0" && exec "$1" kernel --config-path "$2"',
      root,
      tslab,
      "{connection_file}",
    ],
    display_name: "TypeScript (tslab, workbook)",
    language: "typescript",
  };
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return { dir, tslab };
}

/**
 * A scratch copy of the project in a fresh temporary directory: the files git tracks (plus new,
 * unignored ones), node_modules linked, and a kernelspec that starts there. Notebooks executed in
 * it write their outputs (data/outputs, data/samples, report/figures, ...) into the copy, so the
 * notebook tests leave the checkout exactly as committed.
 */
export function scratchCopy({ prefix = "workbook-scratch-" } = {}) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  if (listed.status !== 0)
    throw new Error(`scratchCopy: git ls-files failed in ${projectRoot}: ${listed.stderr.trim()}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = join(projectRoot, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue; // deleted in the work tree but not yet staged
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(from, join(root, file));
  }
  symlinkSync(join(projectRoot, "node_modules"), join(root, "node_modules"), "dir");
  // The minified plotly.js is an ignored cache; reusing it saves minifying 10 MB again. The local
  // trace store (trace-backend/) stays behind: the copy starts with an empty one of its own.
  const runtime = join(projectRoot, "data", "runtime");
  if (existsSync(runtime))
    cpSync(runtime, join(root, "data", "runtime"), {
      recursive: true,
      filter: (src) => !src.startsWith(join(runtime, "trace-backend")),
    });
  writeKernelSpec(root);
  return root;
}

/** Environment for Jupyter processes: the kernelspec of `root` (the project by default) on JUPYTER_PATH. */
export function jupyterEnv(extra = {}, root = projectRoot) {
  const kernels = join(root, ".jupyter");
  const spec = join(kernels, "kernels", "tslab", "kernel.json");
  if (!existsSync(spec)) {
    throw new Error(
      `The tslab kernelspec ${spec} is missing. Run \`npm install\` (or \`node lib/tools/jupyter/kernel.mjs\`).`,
    );
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
    ? all.find((path) =>
        path
          .split("/")
          .pop()
          .startsWith(key.padStart(2, "0") + "_"),
      )
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
        return {
          cell: index + 1,
          source: [].concat(cell.source).join(""),
          error: `${out.ename}: ${out.evalue}`,
        };
      }
    }
  }
  return null;
}

/**
 * Executes a notebook top to bottom in a fresh tslab kernel with nbclient (the engine behind
 * `jupyter nbconvert --execute`) and writes it to `outputPath` (in place by default). The kernel
 * starts at `root`: the project root, or a `scratchCopy()` whose outputs are thrown away.
 * Resolves to { ok, seconds, error? }; never throws for a failing cell.
 */
export function executeNotebook(
  notebookPath,
  { outputPath = notebookPath, timeoutSeconds = 900, env = {}, root = projectRoot } = {},
) {
  const python = findJupyterPython();
  const started = Date.now();
  const driver = join(projectRoot, "lib", "tools", "jupyter", "execute_notebook.py");
  const args = [driver, notebookPath, outputPath, "tslab", String(timeoutSeconds), root];
  return new Promise((resolve) => {
    const child = spawn(python, args, {
      cwd: root,
      env: jupyterEnv(env, root),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      resolve(
        code === 0
          ? { ok: true, seconds }
          : { ok: false, seconds, error: log.trim().slice(-6000) || `exit code ${code}` },
      );
    });
  });
}
