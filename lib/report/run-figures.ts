/**
 * The charts of the run the report describes: exactly the files a task's output lists, each one
 * present and written no later than that output. A chart newer than the output means the notebook
 * is running or stopped after exporting, so its numbers may not match the tables; a chart left
 * over from an earlier run is simply not listed. Both would let the report mix runs.
 */
import { utc } from "./units";
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { MissingInputError } from "./errors";
import type { Figure } from "./figures";
import { groupFigures } from "./figures";
import type { TaskOutput } from "./task-output";
import { rerunHint } from "./tasks";

/** Filesystems and copies may round mtimes; the cases this guards against (a notebook mid-run) are minutes apart. */
export const MTIME_SLACK_MS = 2_000;

export function runFigures(
  root: string,
  output: TaskOutput,
  listed: readonly string[],
  options: { allowNone?: boolean } = {},
): Figure[] {
  const rerun = rerunHint(output.info);
  if (listed.length === 0) {
    if (options.allowNone) return [];
    throw new MissingInputError(
      `${output.file} lists no exported charts in "figures" (the export is skipped when no Chromium is found): install chromium, then ${rerun}.`,
    );
  }
  const absent = listed.filter((file) => !existsSync(join(root, file)));
  if (absent.length === listed.length)
    throw new MissingInputError(
      `report/figures/ holds no charts of this run (${absent.join(", ")} missing): ${rerun}, which exports them with headless Chromium.`,
    );
  if (absent.length)
    throw new MissingInputError(
      `${absent.join(", ")} listed in ${output.file} ${absent.length === 1 ? "is" : "are"} missing: ${rerun}.`,
    );
  const newer = listed.filter(
    (file) => statSync(join(root, file)).mtimeMs > output.writtenAt.getTime() + MTIME_SLACK_MS,
  );
  if (newer.length) {
    const stamp = (ms: number) => utc(ms, { seconds: true });
    const latest = Math.max(...newer.map((file) => statSync(join(root, file)).mtimeMs));
    const which =
      newer.length <= 2
        ? newer.join(" and ")
        : `${newer.length} of the ${listed.length} chart files ${output.file} lists (${newer[0]}, …)`;
    throw new MissingInputError(
      `${which} ${newer.length === 1 ? "was" : "were"} written after ${output.file} (last at ${stamp(latest)} UTC, the output at ${stamp(output.writtenAt.getTime())} UTC): ` +
        "the notebook is still running or stopped after exporting its charts, " +
        `so the charts and the numbers may come from different runs. Wait for it to finish, or ${rerun}.`,
    );
  }
  return groupFigures(listed.map((file) => relative(root, join(root, file)))).map((f) => ({
    ...f,
    png: f.png === undefined ? undefined : join(root, f.png),
    svg: f.svg === undefined ? undefined : join(root, f.svg),
  }));
}
