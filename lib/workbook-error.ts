/**
 * The base of every misuse and configuration error the workbook throws on purpose. A CLI edge
 * prints a `WorkbookError`'s message alone (it already names the field, the file or the command
 * that fixes it) and anything else as a bug. `isInstance` checks a global marker rather than the
 * prototype chain, like the AI SDK's errors, so it also holds when two copies of the library are
 * loaded (tsx and tslab may each compile their own).
 */
const MARKER = Symbol.for("llm-observability-workbook.error");

export class WorkbookError extends Error {
  override name = "WorkbookError";

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    Object.defineProperty(this, MARKER, { value: true });
  }

  static isInstance(error: unknown): error is WorkbookError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}
