import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runVitest } from "./run-vitest";

// The passing path runs in notebooks/03_pii_redaction.ipynb (vitest inside vitest is slow);
// here, the failure paths that must come back as values, not exceptions.
describe("runVitest", () => {
  it("reports a project without vitest as a failed run, naming the missing file", () => {
    const root = mkdtempSync(join(tmpdir(), "no-vitest-"));
    const run = runVitest(["lib/x.test.ts"], { root });
    expect(run.ok).toBe(false);
    expect(run.error).toContain(join(root, "node_modules", "vitest", "vitest.mjs"));
    expect(run.summary).toContain("vitest did not run");
  });

  it("reports a file with no tests as not ok", () => {
    const run = runVitest(["lib/definitely-not-a-test-file.test.ts"], { timeoutMs: 120_000 });
    expect(run.ok).toBe(false);
    expect(run.total).toBe(0);
  }, 130_000);
});
