/** The assignment names Python tools; this TypeScript workbook uses their counterparts, and says why. */
import { cellTable } from "../format";

const ROWS: [string, string, string][] = [
  [
    "Pydantic",
    "zod",
    "One schema gives the runtime check and the static type (`z.infer`), errors come as `path: message`, and `z.toJSONSchema` generates the contract's JSON Schema.",
  ],
  [
    "FastAPI",
    "Hono",
    "A small web-standard (Request/Response) framework with typed routes and middleware, served by @hono/node-server; tests call `app.request()` in-process, no port.",
  ],
  [
    "pytest",
    "vitest",
    "Native TypeScript and ESM with no build step, tests beside the code, table-driven `it.each`, and the same run checks notebooks under real Jupyter.",
  ],
];

export function substitutionsTable(): string {
  return cellTable(
    ["assignment names", "used here", "why"],
    ROWS.map(([a, b, why]) => [a, `<code>${b}</code>`, why.replace(/`([^`]+)`/g, "<code>$1</code>")]),
    { className: "compact" },
  );
}
