// Registers the project-local tslab kernelspec (.jupyter/kernels/tslab/kernel.json), since `tslab install`
// does not work with Debian's Jupyter. Run by `npm install` (postinstall); safe to re-run.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, writeKernelSpec } from "./jupyter.mjs";

const { dir, tslab } = writeKernelSpec(projectRoot);
if (!existsSync(tslab)) console.warn(`warning: ${tslab} is missing; run npm install first.`);
console.log(`tslab kernelspec written to ${dir} (JUPYTER_PATH=${join(projectRoot, ".jupyter")})`);
