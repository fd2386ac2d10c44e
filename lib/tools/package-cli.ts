/** npm run package [-- --name "<YourName>"] [--out <dir|file.zip>]: writes <YourName>_LLM_Observability_Assignment1.zip. */
import { relative, resolve } from "node:path";
import { cliOptions, runCli } from "./cli";
import { packageSubmission } from "../report/package-submission";
import { resolveSubmissionName } from "../report/submission-name";
import { PACKAGE_ROOT } from "../package-root";

const USAGE =
  'npm run package -- --name "<YourName>" [--out <dir|file.zip>]   (without --name: git config user.name)';

await runCli(async () => {
  const args = cliOptions(USAGE, { name: { type: "string" }, out: { type: "string" } });
  const root = PACKAGE_ROOT;
  const { name, source } = resolveSubmissionName(args.name === undefined ? undefined : String(args.name), {
    cwd: root,
  });
  if (source !== "--name")
    console.log(`name: "${name}" from ${source} (pass --name "<YourName>" to choose another)`);
  const result = await packageSubmission({
    root,
    name,
    out: args.out ? resolve(String(args.out)) : undefined,
  });
  console.log(
    `${relative(root, result.notebook.path)}: ${result.notebook.cells} cells, ${result.notebook.codeCells} code cells from ${result.notebook.sources.length} notebooks`,
  );
  console.log(
    `${relative(root, result.path) || result.path}: ${result.entries.length} entries, ${(result.bytes / 1024).toFixed(0)} KiB`,
  );
  const top = [...new Set(result.entries.map((e) => (e.includes("/") ? `${e.split("/")[0]}/` : e)))];
  console.log(`  at its root: ${top.map((t) => `/${t}`).join("  ")}`);
});
