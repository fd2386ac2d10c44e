/** Shared CLI edge for `npm run report` and `npm run package`: expected errors print as one clear message, no stack. */
import { parseArgs } from "node:util";
import { WorkbookError } from "../workbook-error";

export class UsageError extends WorkbookError {
  override name = "UsageError";
}

/** The message to show for an error: the workbook's own errors as they are, anything else with its name and a pointer to report a bug. */
export function describeError(error: unknown): string {
  if (WorkbookError.isInstance(error)) return error.message;
  if (error instanceof Error)
    return `${error.name}: ${error.message}\n(unexpected: this is a bug in the workbook; run with NODE_OPTIONS=--stack-trace-limit=50 and report it)`;
  return String(error);
}

/** Parses `--flag value` options, turning unknown flags into a usage message. */
export function cliOptions(
  usage: string,
  options: Record<string, { type: "string" | "boolean" }>,
  args = process.argv.slice(2),
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
  }
}

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`error: ${describeError(error)}`);
    process.exitCode = 1;
  }
}
