/**
 * Debian's real `promtool`, run on what we generate: `check metrics` on a /metrics scrape
 * (Prometheus's naming lint: base units, `_total` counters, no abbreviated units), `check
 * rules` on the rules file and `test rules` on its unit tests. A missing promtool is a result
 * (`skipped`), not a throw, so a notebook can say so; the tests fail on it in CI.
 */
import { spawnSync } from "node:child_process";

export interface PromtoolResult {
  ok: boolean;
  /** True when promtool is not installed (nothing was checked). */
  skipped: boolean;
  /** promtool's exit status (null when it did not run). */
  status: number | null;
  output: string;
}

function run(args: string[], promtool: string, input?: string): PromtoolResult {
  const result = spawnSync(promtool, args, { encoding: "utf8", input, timeout: 60_000 });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  // Only a missing binary is "skipped"; a promtool that hung past the timeout failed.
  if (code === "ENOENT" || code === "EACCES")
    return {
      ok: false,
      skipped: true,
      status: null,
      output: `promtool not found (${code}); install it with: sudo apt-get install -y prometheus`,
    };
  if (result.error)
    return {
      ok: false,
      skipped: false,
      status: null,
      output: `promtool ${args.join(" ")} failed: ${result.error.message}`,
    };
  return {
    ok: result.status === 0,
    skipped: false,
    status: result.status,
    output: `${result.stdout}${result.stderr}`.trim(),
  };
}

/** `promtool check metrics` on exposition text (what GET /metrics returned). */
export function checkMetricsWithPromtool(exposition: string, promtool = "promtool"): PromtoolResult {
  return run(["check", "metrics"], promtool, exposition);
}

/** `promtool check rules` on a rules file. */
export function checkRulesWithPromtool(path: string, promtool = "promtool"): PromtoolResult {
  return run(["check", "rules", path], promtool);
}

/** `promtool test rules` on a rule unit-test file (its `rule_files` resolve relative to it). */
export function testRulesWithPromtool(path: string, promtool = "promtool"): PromtoolResult {
  return run(["test", "rules", path], promtool);
}

/** True when promtool runs here. */
export function hasPromtool(promtool = "promtool"): boolean {
  return spawnSync(promtool, ["--version"], { stdio: "ignore" }).status === 0;
}
