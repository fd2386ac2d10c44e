/** npm run report [-- --out <file.pdf>] [--html <file.html>]: builds report/report.pdf from the latest outputs. */
import { relative, resolve } from "node:path";
import { buildReport } from "./build-report";
import { cliOptions, runCli } from "./cli";

const USAGE = "npm run report [-- --out <file.pdf>] [--html <file.html>]";

await runCli(async () => {
  const args = cliOptions(USAGE, { out: { type: "string" }, html: { type: "string" } });
  const root = process.cwd();
  const result = await buildReport({ root, out: args.out ? resolve(String(args.out)) : undefined, htmlOut: args.html ? resolve(String(args.html)) : undefined });
  for (const o of result.outputs) console.log(`  read ${o.file} (written ${o.writtenAt.toISOString()})`);
  console.log(`${relative(root, result.path)}: ${result.pages} A4 pages, ${result.figures} charts, diagram ${relative(root, result.architecture)} (${result.seconds.toFixed(1)} s)`);
});
