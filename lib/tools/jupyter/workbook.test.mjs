// The workbook runner's step logic and display, with fake steps and a fake clock (no notebooks run).
import { describe, expect, it } from "vitest";
import { exitCodeFor, parseWorkbookArgs, planNotebooks, runSteps, summaryTable } from "./workbook.mjs";

const clock = () => {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
};
const capture = () => {
  const chunks = [];
  return { write: (s) => chunks.push(s), text: () => chunks.join("") };
};

describe("planNotebooks", () => {
  it("keeps task order and names the missing prefixes", () => {
    const plan = planNotebooks([
      "/p/notebooks/03_pii_redaction.ipynb",
      "/p/notebooks/02_trace_schema.ipynb",
      "/p/notebooks/07_extra.ipynb",
    ]);
    expect(plan.present).toEqual([
      "/p/notebooks/02_trace_schema.ipynb",
      "/p/notebooks/03_pii_redaction.ipynb",
    ]);
    expect(plan.missing).toEqual(["01_", "04_", "05_", "06_"]);
  });
});

describe("parseWorkbookArgs", () => {
  it.each([
    [[], { name: undefined, out: undefined, jobs: 3, timeScale: undefined, help: false }],
    [
      ["--name", "Jane Doe"],
      { name: "Jane Doe", out: undefined, jobs: 3, timeScale: undefined, help: false },
    ],
    [
      ["--name=Jane", "--out", "/tmp/x.zip"],
      { name: "Jane", out: "/tmp/x.zip", jobs: 3, timeScale: undefined, help: false },
    ],
    [["-h"], { name: undefined, out: undefined, jobs: 3, timeScale: undefined, help: true }],
    [
      ["--jobs", "1", "--time-scale", "1"],
      { name: undefined, out: undefined, jobs: 1, timeScale: 1, help: false },
    ],
  ])("%j", (argv, expected) => expect(parseWorkbookArgs(argv)).toEqual(expected));

  it.each([
    [["--jobs", "0"], /--jobs must be a whole number/],
    [["--time-scale", "fast"], /--time-scale must be a number/],
  ])("rejects %j naming the flag", (argv, message) => {
    expect(() => parseWorkbookArgs(argv)).toThrow(message);
  });

  it("rejects unknown flags with the usage line", () => {
    expect(() => parseWorkbookArgs(["--nmae", "x"])).toThrow(
      /Unknown option '--nmae'[\s\S]*usage: npm run workbook/,
    );
  });
});

describe("runSteps", () => {
  const steps = (c, log) => [
    { label: "notebook 01_gap", run: async () => (log.push("01"), c.advance(1500), { ok: true }) },
    { label: "notebook 04_*", missing: "no notebooks/04_*.ipynb in this checkout" },
    {
      label: "report",
      run: async () => (
        log.push("report"),
        c.advance(2000),
        { ok: false, error: "data/outputs/task4_tracing.json is missing.\nrun npm run task -- 4" }
      ),
    },
    { label: "package", run: async () => (log.push("package"), { ok: true }) },
  ];

  it("runs in order, stops at the first failure with its error, and skips the rest", async () => {
    const c = clock();
    const out = capture();
    const log = [];
    const results = await runSteps(steps(c, log), { write: out.write, tty: false, now: c.now });
    expect(log).toEqual(["01", "report"]);
    expect(results.map((r) => [r.label, r.status])).toEqual([
      ["notebook 01_gap", "ok"],
      ["notebook 04_*", "missing"],
      ["report", "FAILED"],
      ["package", "skipped"],
    ]);
    expect(results[0].seconds).toBe(1.5);
    expect(out.text()).toContain("  >  [1/4] notebook 01_gap ...\n");
    expect(out.text()).toContain("[1/4] notebook 01_gap: ok (1.5 s)");
    expect(out.text()).toContain("[2/4] notebook 04_*: missing (no notebooks/04_*.ipynb in this checkout)");
    expect(out.text()).toContain(
      "     data/outputs/task4_tracing.json is missing.\n     run npm run task -- 4",
    );
    expect(out.text()).not.toContain("\r");
    expect(exitCodeFor(results)).toBe(1);
  });

  it("turns a throwing step into a failure", async () => {
    const c = clock();
    const results = await runSteps(
      [
        {
          label: "boom",
          run: async () => {
            throw new Error("kaput");
          },
        },
      ],
      { write: () => {}, now: c.now },
    );
    expect(results[0]).toMatchObject({ status: "FAILED", error: "kaput" });
  });

  it("redraws one live line with an elapsed counter on a TTY", async () => {
    const c = clock();
    const out = capture();
    const slow = () =>
      new Promise((r) => setTimeout(() => (c.advance(2000), r({ ok: true, detail: "done" })), 50));
    await runSteps([{ label: "slow", run: slow }], { write: out.write, tty: true, now: c.now });
    // Counter redraws in between depend on the event loop, so only the first and last frames are asserted.
    const frames = out.text().split("\r\x1b[2K").filter(Boolean);
    expect(frames[0]).toBe("  >  [1/1] slow  0.0 s");
    expect(frames.at(-1)).toBe("  ok [1/1] slow: ok (2.0 s)  done\n");
    expect(out.text()).not.toContain("\n  >");
  });

  it("runs parallel steps up to `jobs` at a time, keeps results in step order, and waits before a serial step", async () => {
    const events = [];
    let running = 0;
    let peak = 0;
    const step = (label, ms, ok = true) => ({
      label,
      parallel: true,
      run: async () => {
        running++;
        peak = Math.max(peak, running);
        events.push(`start ${label}`);
        await new Promise((r) => setTimeout(r, ms));
        running--;
        events.push(`end ${label}`);
        return ok ? { ok: true } : { ok: false, error: "broken" };
      },
    });
    const serial = {
      label: "report",
      run: async () => (events.push(`report after ${running} running`), { ok: true }),
    };
    const results = await runSteps([step("a", 40), step("b", 10), step("c", 10), serial], {
      write: () => {},
      jobs: 2,
    });
    expect(peak).toBe(2);
    expect(results.map((r) => r.label)).toEqual(["a", "b", "c", "report"]);
    expect(events.indexOf("end b")).toBeLessThan(events.indexOf("end a"));
    expect(events.at(-1)).toBe("report after 0 running");

    const failing = await runSteps([step("x", 5, false), step("y", 5), step("z", 5), serial], {
      write: () => {},
      jobs: 1,
    });
    expect(failing.map((r) => r.status)).toEqual(["FAILED", "skipped", "skipped", "skipped"]);
  });

  it("exits 0 only when every step ran and passed", async () => {
    const results = await runSteps([{ label: "a", run: async () => ({ ok: true }) }], { write: () => {} });
    expect(exitCodeFor(results)).toBe(0);
    expect(exitCodeFor([...results, { label: "b", status: "missing" }])).toBe(1);
  });
});

describe("summaryTable", () => {
  it("lists step, status and seconds with a total", () => {
    const table = summaryTable([
      { label: "notebook 02_trace_schema", status: "ok", seconds: 31.25 },
      { label: "report", status: "FAILED", seconds: 1 },
      { label: "package", status: "skipped" },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^  step\s+status\s+seconds$/);
    expect(lines[1]).toMatch(/^  notebook 02_trace_schema\s+ok\s+31\.3$/);
    expect(lines[3]).toMatch(/^  package\s+skipped\s+-$/);
    expect(lines[4]).toMatch(/^  total\s+32\.3$/);
    expect(
      summaryTable([{ label: "a", status: "ok", seconds: 2 }], { wallSeconds: 1.25 })
        .split("\n")
        .at(-1),
    ).toMatch(/^  wall clock\s+1\.3$/);
  });
});
