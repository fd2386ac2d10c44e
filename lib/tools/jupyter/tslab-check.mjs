// Type-checks lib/ the way the tslab kernel will: its bundled TypeScript 5.0, non-strict,
// ES2022 without DOM, Node10 module resolution. Code that passes `tsc` (strict) can still
// fail here, e.g. narrowing a `{ok: true} | {ok: false}` union needs strictNullChecks.
import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./jupyter.mjs";

const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith(".ts") && !path.endsWith(".test.ts") && !path.endsWith(".d.ts")) files.push(path);
  }
})(join(projectRoot, "lib"));

const program = ts.createProgram(files, {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  resolveJsonModule: true,
  allowJs: true,
  skipLibCheck: true,
  noEmit: true,
  rootDir: projectRoot,
  types: ["node"],
});
const diagnostics = ts
  .getPreEmitDiagnostics(program)
  .filter((d) => !d.file || !d.file.fileName.includes("node_modules"));
for (const d of diagnostics) {
  const where = d.file
    ? `${d.file.fileName.replace(projectRoot + "/", "")}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}`
    : "";
  console.log(`${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}
console.log(
  diagnostics.length
    ? `${diagnostics.length} tslab type error(s)`
    : `lib/ type-checks under tslab's TypeScript ${ts.version} (${files.length} files)`,
);
process.exit(diagnostics.length ? 1 : 0);
