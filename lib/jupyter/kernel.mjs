// Registers the project-local tslab kernelspec (.jupyter/kernels/tslab/kernel.json), since `tslab install`
// does not work with Debian's Jupyter. Run by `npm install` (postinstall); safe to re-run.
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./jupyter.mjs";

const tslab = join(projectRoot, "node_modules", ".bin", "tslab");
const dir = join(projectRoot, ".jupyter", "kernels", "tslab");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "kernel.json"),
  JSON.stringify(
    {
      // tslab compiles with rootDir = its working directory, so it must start at the project root
      // for notebooks to import ./lib. Notebooks therefore use paths relative to the root.
      argv: ["/bin/sh", "-c", 'cd "$0" && exec "$1" kernel --config-path "$2"', projectRoot, tslab, "{connection_file}"],
      display_name: "TypeScript (tslab, workbook)",
      language: "typescript",
    },
    null,
    2,
  ) + "\n",
);
if (!existsSync(tslab)) console.warn(`warning: ${tslab} is missing; run npm install first.`);
console.log(`tslab kernelspec written to ${dir} (JUPYTER_PATH=${join(projectRoot, ".jupyter")})`);
