/** npm run report [-- --out <file.pdf>] [--html <file.html>]: builds report/report.pdf from the latest outputs. */
import { relative, resolve } from "node:path";
import { buildReport } from "../report/build-report";
import { cliOptions, runCli } from "./cli";
import { widestExportPx, MIN_PRINTED_PT } from "../report/figure-legibility";
import { FIGURE_WIDTH_MM } from "../report/report-html";
import { PACKAGE_ROOT } from "../package-root";

const USAGE = "npm run report [-- --out <file.pdf>] [--html <file.html>]";

await runCli(async () => {
  const args = cliOptions(USAGE, { out: { type: "string" }, html: { type: "string" } });
  const root = PACKAGE_ROOT;
  const result = await buildReport({
    root,
    out: args.out ? resolve(String(args.out)) : undefined,
    htmlOut: args.html ? resolve(String(args.html)) : undefined,
  });
  for (const o of result.outputs) console.log(`  read ${o.file} (written ${o.writtenAt.toISOString()})`);
  console.log(
    `${relative(root, result.path)}: ${result.pages} A4 pages, ${result.figures} figures placed, diagram ${relative(root, result.architecture)} (${result.seconds.toFixed(1)} s)`,
  );
  if (result.omittedFigures.length)
    console.log(
      `  left out for length (named in the report; in the zip's screenshots/): ${result.omittedFigures.join(", ")}`,
    );
  for (const s of result.smallText) {
    console.log(
      `  note: ${s.name}'s smallest text prints at ${s.pt.toFixed(1)} pt over ${FIGURE_WIDTH_MM} mm (aim: ≥ ${MIN_PRINTED_PT} pt); ` +
        `export it at most ${widestExportPx(12, FIGURE_WIDTH_MM)} px wide with 12 px text, or enlarge its fonts.`,
    );
  }
});
