/** npm run package -- --name "<YourName>" [--out <dir|file.zip>]: writes <YourName>_LLM_Observability_Assignment1.zip. */
import { relative, resolve } from "node:path";
import { cliOptions, runCli } from "./cli";
import { packageSubmission } from "./package-submission";

const USAGE = 'npm run package -- --name "<YourName>" [--out <dir|file.zip>]';

await runCli(async () => {
  const args = cliOptions(USAGE, { name: { type: "string" }, out: { type: "string" } });
  const root = process.cwd();
  if (args.name === undefined) console.log('note: no --name given, using "Workbook" (npm run package -- --name "<YourName>")');
  const result = await packageSubmission({ root, name: String(args.name ?? "Workbook"), out: args.out ? resolve(String(args.out)) : undefined });
  console.log(`${relative(root, result.notebook.path)}: ${result.notebook.cells} cells, ${result.notebook.codeCells} code cells from ${result.notebook.sources.length} notebooks`);
  console.log(`${relative(root, result.path) || result.path}: ${result.entries.length} entries, ${(result.bytes / 1024).toFixed(0)} KiB`);
  for (const entry of result.entries) console.log(`  /${entry}`);
});
