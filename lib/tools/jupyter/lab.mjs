// npm run lab: opens Jupyter (Lab if installed, else Notebook) on notebooks/ with the project's tslab kernel.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { INSTALL_HINT, jupyterEnv, projectRoot } from "./jupyter.mjs";

const python = ["/usr/bin/python3", "python3"].find(
  (p) => spawnSync(p, ["-c", "import jupyter_core"]).status === 0,
);
const app =
  python &&
  ["lab", "notebook"].find((a) => spawnSync(python, ["-m", "jupyter", a, "--version"]).status === 0);
if (!app) {
  console.error(INSTALL_HINT.replace("nbclient + nbconvert", "Notebook or Lab"));
  process.exit(3);
}
console.log(
  `Starting Jupyter ${app} on notebooks/ with the "TypeScript (tslab, workbook)" kernel. The kernel runs at the project root.`,
);
// Jupyter refuses to run as root without --allow-root (containers, CI machines).
const rootFlag = process.getuid?.() === 0 ? ["--allow-root"] : [];
const args = [
  "-m",
  "jupyter",
  app,
  "--ip=127.0.0.1",
  "--no-browser",
  ...rootFlag,
  `--notebook-dir=${join(projectRoot, "notebooks")}`,
  ...process.argv.slice(2),
];
const child = spawn(python, args, {
  env: jupyterEnv(),
  stdio: "inherit",
});
child.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
