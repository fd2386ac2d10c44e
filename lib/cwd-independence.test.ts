/**
 * A script that imports the library from another working directory gets the same results: the
 * contract, the eval set and the knowledge base come from the package, not from wherever the
 * process started. The probe runs here (at the project root) and in child processes under tsx,
 * the ES-module path the notebooks' CommonJS kernel does not take, started in an empty folder
 * and in a folder holding a stranger's contract, eval set and knowledge base.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cwdProbe } from "./__fixtures__/cwd-probe";
import { packagePath } from "./package-root";

// `--import tsx` would resolve from the child's working directory, which is outside the project.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const PROBE = pathToFileURL(packagePath("lib", "__fixtures__", "cwd-probe.ts")).href;

const scratch = mkdtempSync(join(tmpdir(), "cwd-independence-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder that looks like another project: the old upward search would have used its files. */
function strangerProject(): string {
  const dir = join(scratch, "stranger", "nested");
  const contract = JSON.parse(readFileSync(packagePath("observability_contract.json"), "utf8"));
  contract.sampling.production.rate = 1;
  contract.alert_thresholds.failure_rate = {
    ...contract.alert_thresholds.failure_rate,
    green: 0,
    yellow: 0.1,
    red: 0.2,
  };
  mkdirSync(join(dir, "data", "eval"), { recursive: true });
  writeFileSync(join(scratch, "stranger", "observability_contract.json"), JSON.stringify(contract));
  const oneQuery = readFileSync(packagePath("data", "eval", "queries.jsonl"), "utf8").split("\n")[0];
  writeFileSync(join(dir, "data", "eval", "queries.jsonl"), oneQuery + "\n");
  mkdirSync(join(dir, "data", "kb"), { recursive: true });
  writeFileSync(join(dir, "data", "kb", "refunds.md"), "# Refunds\n\nMonthly Pro refunds: never.\n");
  return dir;
}

function probeFrom(cwd: string) {
  const script = `import { cwdProbe } from ${JSON.stringify(PROBE)};\nprocess.stdout.write(JSON.stringify(await cwdProbe()));`;
  const run = spawnSync(process.execPath, ["--import", TSX, "--input-type=module", "-e", script], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.status, `probe from ${cwd} failed:\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout) as unknown;
}

describe("the library from another working directory", { timeout: 90_000 }, () => {
  let here: Awaited<ReturnType<typeof cwdProbe>>;
  beforeAll(async () => {
    here = await cwdProbe();
  });

  it("computes contract-dependent results at the project root (the reference)", () => {
    expect(here.service).toBe("support-bot");
    expect(here.kept_by_should_sample.filter(Boolean).length).toBeLessThan(here.kept_by_should_sample.length);
    expect(here.trace_name).toBe("support-bot.ask.v2");
    expect(here.retrieved_sources.every((s) => s.startsWith("data/kb/"))).toBe(true);
    expect(here.eval_set_queries).toBeGreaterThan(1);
  });

  it("gets the same results from an empty folder", () => {
    const empty = join(scratch, "empty");
    mkdirSync(empty, { recursive: true });
    expect(probeFrom(empty)).toEqual(here);
  });

  it("gets the same results from a folder holding another project's contract, eval set and knowledge base", () => {
    expect(probeFrom(strangerProject())).toEqual(here);
  });
});
