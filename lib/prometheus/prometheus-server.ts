/**
 * Runs Debian's real `prometheus` on loopback for a demo or a test: a generated config that
 * scrapes the given /metrics URLs every second, a throwaway storage directory, a free port,
 * and the HTTP query API. `stop()` ends the process and deletes its files; a process exit
 * handler does the same if a notebook forgets.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { WorkbookError } from "../workbook-error";

export const PROMETHEUS_CANDIDATES = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"];

export class PrometheusNotFoundError extends WorkbookError {
  override name = "PrometheusNotFoundError";
  constructor(tried: string[]) {
    super(
      `No prometheus binary found (tried ${tried.join(", ")} and PATH). Install it with: sudo apt-get install -y prometheus`,
    );
  }
}

export class PrometheusStartError extends WorkbookError {
  override name = "PrometheusStartError";
}

export interface PrometheusOptions {
  /** Full /metrics URLs to scrape, e.g. `http://127.0.0.1:8123/metrics` (all with the same path). */
  targets: string[];
  /** Scrape and rule-evaluation interval in seconds (default 1: a demo cannot wait 15 s). */
  intervalSeconds?: number;
  /** Rule files to load, e.g. the generated report/prometheus-alerts.yml (absolute paths). */
  ruleFiles?: string[];
  /** `job` label of the scraped series (default "support-bot"). */
  jobName?: string;
  /** Prometheus binary (default: the first of PROMETHEUS_CANDIDATES, else `prometheus` on PATH). */
  binary?: string;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  readyTimeoutMs?: number;
}

export interface QueryResult {
  /** The single value of a one-element vector or a scalar; null when empty or NaN (no data). */
  value: number | null;
  series: { metric: Record<string, string>; value: number | null }[];
}

export interface PrometheusServer {
  url: string;
  /** The generated prometheus.yml. */
  config: string;
  pid: number | undefined;
  query(expr: string, time?: Date): Promise<QueryResult>;
  /** Polls `expr` until `accept(value)` holds; returns the last value (check it: a timeout is a value, not a throw). */
  waitFor(
    expr: string,
    accept: (value: number | null) => boolean,
    options?: { timeoutMs?: number; intervalMs?: number },
  ): Promise<{ ok: boolean; value: number | null; waitedMs: number }>;
  /** Scrape targets and their health, from /api/v1/targets. */
  targets(): Promise<{ url: string; health: string; lastError: string }[]>;
  stop(): Promise<void>;
}

/** The prometheus binary to run, or throws `PrometheusNotFoundError`. */
export function findPrometheus(binary?: string): string {
  const tried = binary ? [binary] : PROMETHEUS_CANDIDATES;
  const found = tried.find((path) => existsSync(path));
  if (found) return found;
  if (!binary && spawnSync("prometheus", ["--version"], { stdio: "ignore" }).status === 0)
    return "prometheus";
  throw new PrometheusNotFoundError(tried);
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for prometheus to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The prometheus.yml for `targets`. */
export function prometheusConfig(options: PrometheusOptions): string {
  const interval = `${options.intervalSeconds ?? 1}s`;
  const urls = options.targets.map((target) => new URL(target));
  const paths = new Set(urls.map((u) => u.pathname));
  if (urls.length === 0 || paths.size !== 1)
    throw new PrometheusStartError(
      "targets must be one or more URLs sharing one metrics path, e.g. http://127.0.0.1:8000/metrics",
    );
  return stringify({
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    ...(options.ruleFiles?.length ? { rule_files: options.ruleFiles } : {}),
    scrape_configs: [
      {
        job_name: options.jobName ?? "support-bot",
        metrics_path: [...paths][0],
        static_configs: [{ targets: urls.map((u) => u.host) }],
      },
    ],
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

const toNumber = (text: string) => {
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

/** Starts prometheus and waits until it reports ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const binary = findPrometheus(options.binary);
  const config = prometheusConfig(options);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "workbook-prometheus-"));
  const configPath = join(dir, "prometheus.yml");
  writeFileSync(configPath, config);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=1h",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => running.forEach((c) => c.kill("SIGKILL")));
  }
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolveExit) =>
    child.once("exit", () => {
      exited = true;
      running.delete(child);
      resolveExit();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new PrometheusStartError(`prometheus exited during startup:\n${log.trim()}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new PrometheusStartError(
        `prometheus was not ready at ${url} after ${options.readyTimeoutMs ?? 20_000} ms:\n${log.trim()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const query = async (expr: string, time?: Date): Promise<QueryResult> => {
    const params = new URLSearchParams({ query: expr });
    if (time) params.set("time", String(time.getTime() / 1000));
    const response = await fetch(`${url}/api/v1/query?${params}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data: { resultType: string; result: unknown };
    };
    if (body.status !== "success")
      throw new PrometheusStartError(`query failed: ${body.error ?? response.status}: ${expr}`);
    if (body.data.resultType === "scalar") {
      const value = toNumber((body.data.result as [number, string])[1]);
      return { value, series: [{ metric: {}, value }] };
    }
    const series = (body.data.result as { metric: Record<string, string>; value: [number, string] }[]).map(
      (s) => ({ metric: s.metric, value: toNumber(s.value[1]) }),
    );
    return { value: series.length === 1 ? series[0].value : null, series };
  };

  return {
    url,
    config,
    pid: child.pid,
    query,
    async waitFor(expr, accept, { timeoutMs = 20_000, intervalMs = 250 } = {}) {
      const start = Date.now();
      for (;;) {
        const value = (await query(expr)).value;
        if (accept(value)) return { ok: true, value, waitedMs: Date.now() - start };
        if (Date.now() - start > timeoutMs) return { ok: false, value, waitedMs: Date.now() - start };
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    async targets() {
      const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
        data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] };
      };
      return body.data.activeTargets.map((t) => ({
        url: t.scrapeUrl,
        health: t.health,
        lastError: t.lastError,
      }));
    },
    stop,
  };
}
