/**
 * The service as a separate process (`lib/tools/serve.ts`, what `npm run serve` runs),
 * configured only through the environment, for load, SIGTERM and memory measurements.
 * `node --import tsx`, not the tsx CLI: the CLI relays SIGTERM to its child and SIGKILLs it
 * when the child does not acknowledge within ~30 ms, which a busy event loop can miss.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { packagePath } from "../../package-root";

const TSX_LOADER = createRequire(import.meta.url).resolve("tsx");
/** The node flags of `npm run serve` (e.g. the heap cap), so what is measured is what is served. */
export function serveNodeFlags(packageJson = packagePath("package.json")): string[] {
  const serve =
    (JSON.parse(readFileSync(packageJson, "utf8")) as { scripts?: Record<string, string> }).scripts?.serve ??
    "";
  return serve.split(/\s+/).filter((part) => /^--max-(old|semi)-space-size=\d+$/.test(part));
}

const CONFIG_PREFIXES =
  /^(LANGFUSE_|LANGSMITH_|LANGCHAIN_|OTEL_|OPENAI_|PORT$|HOST$|APP_ENV$|LLM_SIM_|TRACE_STORE_DIR$)/;

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** Resolves when the process exits: its code, signal, and ms since `sigterm()` was called (or since start). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  sigterm(): void;
}

/**
 * Starts serve.ts with `env` on top of this process's environment minus every service setting.
 * Its local trace store goes to a temporary folder, removed when it exits: load traffic never
 * lands in the package's store, which `npm run eval -- --promote` reads.
 */
export function startServiceProcess(
  env: Record<string, string>,
  { startTimeoutMs = 30_000 } = {},
): Promise<ServiceProcess> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !CONFIG_PREFIXES.test(k)),
  ) as Record<string, string>;
  const store = mkdtempSync(join(tmpdir(), "service-store-"));
  const child = spawn(
    process.execPath,
    [
      ...serveNodeFlags(),
      "--import",
      pathToFileURL(TSX_LOADER).href,
      packagePath("lib", "tools", "serve.ts"),
    ],
    { env: { ...base, PORT: "0", TRACE_STORE_DIR: store, ...env }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let err = "";
  let t0 = performance.now();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on("exit", (code, signal) => {
      rmSync(store, { recursive: true, force: true });
      resolve({ code, signal, ms: performance.now() - t0 });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (
        child.kill("SIGKILL"),
        reject(new Error(`service did not start within ${startTimeoutMs} ms:\n${err}`))
      ),
      startTimeoutMs,
    );
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1],
          stderr: () => err,
          exited,
          sigterm() {
            t0 = performance.now();
            child.kill("SIGTERM");
          },
        });
      }
    });
    void exited.then(({ code }) =>
      reject(new Error(`service exited with ${code} before listening:\n${err}`)),
    );
  });
}
