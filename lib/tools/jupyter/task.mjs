// npm run task -- <n>: executes notebook n top to bottom in a fresh kernel, saving outputs in place.
import { executeNotebook, findNotebook, JupyterMissingError } from "./jupyter.mjs";

const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run task -- <n>   (e.g. npm run task -- 2)");
  process.exit(2);
}
try {
  const path = findNotebook(arg);
  process.stdout.write(`Executing ${path.split("/").pop()} in a fresh tslab kernel ... `);
  const result = await executeNotebook(path);
  if (result.ok) {
    console.log(`ok (${result.seconds.toFixed(1)} s), outputs saved in place.`);
  } else {
    console.log(`FAILED (${result.seconds.toFixed(1)} s)\n\n${result.error}`);
    process.exit(1);
  }
} catch (error) {
  console.error(error instanceof JupyterMissingError ? error.message : `error: ${error.message}`);
  process.exit(error instanceof JupyterMissingError ? 3 : 1);
}
