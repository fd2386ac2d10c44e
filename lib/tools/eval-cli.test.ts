import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The CLI as a user runs it, in a child process; simulator and tools at time scale 0 so it is fast.
const out = mkdtempSync(join(tmpdir(), "eval-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const env: Record<string, string | undefined> = {
  ...process.env,
  LLM_SIM_TIME_SCALE: "0",
  WORKBOOK_SEED: "42",
};
// Hubs and keys stay unset, so the run is the embedded, offline one whatever the caller's shell has.
for (const key of Object.keys(env))
  if (/^(OPENAI_|LANGFUSE_|LANGSMITH_|LANGCHAIN_|OTEL_EXPORTER_)/.test(key)) delete env[key];

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "lib/tools/eval-cli.ts", ...args], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

// Each case starts a Node process; generous per-test bounds keep a loaded 2-core machine from failing them.
describe("npm run eval (the eval gate CLI)", { timeout: 90_000 }, () => {
  it("exits 1 naming the regression when the chatty v1 is the candidate against v2", () => {
    const r = run("--baseline", "v2", "--candidate", "v1", "--out-dir", join(out, "a"));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL: candidate v1\.0 regresses against baseline v2\.1/);
    expect(r.stdout).toMatch(
      /- mean quality [\d.]+ vs [\d.]+ \(v1\.0 vs v2\.1\): -[\d.]+ points, 95% CI \[-[\d.]+, -[\d.]+\]/,
    );
    expect(r.stdout).toContain("| q01 |");
    const written = JSON.parse(readFileSync(join(out, "a", "eval_gate.json"), "utf8"));
    expect(written.exit_code).toBe(1);
    expect(written.checks.find((c: { check: string }) => c.check === "mean_quality").regressed).toBe(true);
    expect(readFileSync(join(out, "a", "eval_gate.md"), "utf8")).toContain("## Per question");
  });

  it("exits 0 when v2 is the candidate against v1", () => {
    const r = run("--baseline", "v1", "--candidate", "v2", "--out-dir", join(out, "b"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /PASS: candidate v2\.1 stays within the contract's tolerances against baseline v1\.0/,
    );
  });

  it.each([
    [
      ["--baseline", "v9", "--candidate", "v1"],
      /--baseline "v9" is not a known prompt version; known: v1\.0, v2\.1, v1, v2/,
    ],
    [["--baseline", "v2"], /--candidate is required/],
    [
      ["--baseline", "v2", "--candidate", "v1", "--eval-set", "no/such/set.jsonl"],
      /cannot read the eval set no\/such\/set\.jsonl: no such file/,
    ],
    [
      ["--baseline", "v2", "--candidate", "v1", "--concurrency", "0"],
      /--concurrency must be a number between 1 and 64/,
    ],
    [["--frobnicate"], /Unknown option '--frobnicate'[\s\S]*usage: npm run eval/],
    [
      ["--promote", "--from", "no/such/store"],
      /cannot read the trace store at .*no\/such\/store: no such file or folder/,
    ],
  ])("exits 2 with one clear message for bad input %j", (args, message) => {
    const r = run(...args, "--out-dir", join(out, "bad"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    noStack(r.stderr);
    expect(existsSync(join(out, "bad"))).toBe(false);
  });

  it("exits 2 naming the line of an eval set with a bad line", () => {
    const set = join(out, "bad-set.jsonl");
    writeFileSync(
      set,
      '{"id":"a","query":"What is the refund window?","expected_facts":["30 days"]}\n{"id":"b","query":""}\n',
    );
    const r = run("--baseline", "v2", "--candidate", "v1", "--eval-set", set);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/has 1 invalid line\(s\):\n\s+line 2: query: must not be empty/);
  });

  it("--promote writes a review file of failing traces with empty expected facts", () => {
    const trace = (id: string, input_text: string, extra: Record<string, unknown>) => ({
      trace_id: `${id}-0000-4000-8000-000000000000`,
      timestamp: "2025-06-01T10:00:00.000Z",
      environment: "production",
      customer_tier: "pro",
      prompt_version: "v2.1",
      model_name: "gpt-4o-mini",
      input_text,
      output_text: "Thanks for reaching out!",
      retrieved_docs: [],
      tool_calls: [],
      total_tokens: 0,
      latency_ms: 900,
      tags: [],
      ...extra,
    });
    const from = join(out, "traces.jsonl");
    writeFileSync(
      from,
      [
        JSON.stringify({ ...trace("aaaaaaaa", "Refund for a.b@example.com?", { quality_score: 20 }) }),
        JSON.stringify({
          trace: trace("bbbbbbbb", "How many seats in Pro?", { quality_score: 100 }),
          feedback: "down",
        }),
        JSON.stringify(trace("cccccccc", "All good", { quality_score: 95 })),
        "{not json",
      ].join("\n"),
    );
    const review = join(out, "review.jsonl");
    const r = run("--promote", "--from", from, "--out", review);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/read 3 traces .* \(1 invalid lines skipped\)/);
    const cases = readFileSync(review, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(cases.map((c) => c.reasons)).toEqual([["thumbs_down"], ["low_quality"]]);
    expect(cases[1].query).toBe("Refund for [REDACTED_EMAIL]?");
    expect(cases.every((c) => Array.isArray(c.expected_facts) && c.expected_facts.length === 0)).toBe(true);
  });
});
