import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONTRACT_JSON_SCHEMA_PATH,
  ContractError,
  contractJsonSchemaText,
  DEFAULT_CONTRACT_PATH,
  loadContract,
  parseContract,
} from "./contract";
import { packagePath } from "./package-root";
import { requiredTraceFields } from "./schema";
import { PRICE_TABLE_VERSION } from "./pricing";

const rootFile = packagePath(DEFAULT_CONTRACT_PATH);
const raw = () => JSON.parse(readFileSync(rootFile, "utf8")) as Record<string, any>;
const errorsOf = (data: unknown) => {
  const result = parseContract(data);
  return result.ok === true ? [] : result.errors;
};

describe("the root observability_contract.json", () => {
  it("is valid, and loadContract() finds it by default", () => {
    expect(errorsOf(raw())).toEqual([]);
    const contract = loadContract();
    expect(contract.service).toBe("support-bot");
    expect(Object.keys(contract.sampling)).toEqual(["dev", "staging", "production"]);
  });

  it("lists exactly TraceSchema's required fields, both ways, without duplicates", () => {
    const contractFields = loadContract().required_trace_fields;
    const schemaFields = requiredTraceFields();
    for (const field of schemaFields)
      expect(contractFields, `TraceSchema requires ${field}`).toContain(field);
    for (const field of contractFields) expect(schemaFields, `contract lists ${field}`).toContain(field);
    expect(new Set(contractFields).size).toBe(contractFields.length);
  });

  it("records lib/pricing.ts's price table version", () => {
    expect(loadContract().pricing.table_version).toBe(PRICE_TABLE_VERSION);
    expect(loadContract().pricing).toMatchObject({
      source: "lib/pricing.ts",
      currency: "USD",
      unit: "per_1m_tokens",
    });
  });

  it("samples 100% in dev and staging, and 10% + errors + latency > 5,000 ms in production", () => {
    const { sampling } = loadContract();
    expect(sampling.dev.rate).toBe(1);
    expect(sampling.staging.rate).toBe(1);
    expect(sampling.production).toMatchObject({
      rate: 0.1,
      always_on_error: true,
      latency_threshold_ms: 5000,
    });
  });

  it("has green/yellow/red thresholds with a justification for each of the five metrics and TTFT", () => {
    const thresholds = loadContract().alert_thresholds;
    expect(Object.keys(thresholds).sort()).toEqual([
      "avg_cost_per_request",
      "failure_rate",
      "p95_latency_ms",
      "p95_ttft_ms",
      "quality_proxy_rate",
      "tool_success_rate",
    ]);
    expect(thresholds.p95_ttft_ms).toMatchObject({ direction: "above", green: 800, unit: "ms" });
    expect(thresholds.p95_latency_ms).toMatchObject({
      direction: "above",
      green: 3000,
      yellow: 5000,
      red: 10000,
      unit: "ms",
    });
    expect(thresholds.failure_rate).toMatchObject({
      direction: "above",
      green: 2,
      yellow: 5,
      red: 15,
      unit: "percent",
    });
    for (const t of Object.values(thresholds))
      expect(t.justification.split(/[.!?](\s|$)/).filter((s) => s.trim()).length).toBeLessThanOrEqual(2);
  });

  it("declares SLOs for availability, p95 latency, TTFT p95 and the quality proxy, each with an objective and a window", () => {
    const { slos, slo_alerting } = loadContract();
    expect(Object.keys(slos)).toEqual(["availability", "latency", "ttft", "quality"]);
    expect(slos.ttft).toMatchObject({ objective_percent: 95, threshold_ms: 800 });
    expect(slos.latency).toMatchObject({ objective_percent: 95, threshold_ms: 3000 });
    for (const slo of Object.values(slos)) expect(slo.window).toMatch(/^\d+[smhdw]$/);
    expect(slo_alerting.page).toMatchObject({ burn_rate: 14.4, long_window: "1h", short_window: "5m" });
    expect(slo_alerting.ticket).toMatchObject({ burn_rate: 6, long_window: "6h", short_window: "30m" });
  });

  it("rejects an SLO without budget, a bad window and a short window longer than the long one, naming each path", () => {
    const bad = raw();
    bad.slos.availability.objective_percent = 100;
    bad.slos.ttft.window = "a month";
    delete bad.slos.latency.threshold_ms;
    bad.slo_alerting.page.short_window = "2h";
    const errors = errorsOf(bad).join("\n");
    expect(errors).toContain("slos.availability.objective_percent");
    expect(errors).toContain("slos.ttft.window");
    expect(errors).toContain("slos.latency.threshold_ms");
    expect(errors).toContain("slo_alerting.page.short_window: must be shorter than long_window (1h)");
  });

  it("points $schema at the committed JSON Schema, which equals a fresh z.toJSONSchema generation", () => {
    const data = raw();
    const schemaFile = resolve(dirname(rootFile), data.$schema);
    expect(schemaFile).toBe(packagePath(CONTRACT_JSON_SCHEMA_PATH));
    expect(
      existsSync(schemaFile),
      `${CONTRACT_JSON_SCHEMA_PATH} is missing: regenerate it (see contractJsonSchemaText)`,
    ).toBe(true);
    expect(
      readFileSync(schemaFile, "utf8"),
      "stale JSON Schema: regenerate it with contractJsonSchemaText()",
    ).toBe(contractJsonSchemaText());
    const schema = JSON.parse(contractJsonSchemaText());
    for (const key of schema.required) expect(data).toHaveProperty(key);
  });

  // jsonschema ships with nbformat, which the notebook runner needs anyway.
  const python = "/usr/bin/python3";
  // Skipped only off CI: .ci/setup installs the tool, so in CI a missing one fails the test.
  it.skipIf(!existsSync(python) && !process.env.CI)(
    "validates against its JSON Schema with a real validator (Python jsonschema, draft 2020-12)",
    () => {
      const check = `import json,sys,jsonschema
s=json.load(open(sys.argv[1])); v=jsonschema.Draft202012Validator(s); jsonschema.Draft202012Validator.check_schema(s)
good=json.load(open(sys.argv[2])); bad=json.loads(sys.argv[3])
print(json.dumps([[".".join(map(str,e.path)) for e in v.iter_errors(x)] for x in (good,bad)]))`;
      const bad = raw();
      bad.sampling.production.rate = 1.5;
      bad.retention.dev.rat = 1;
      const out = execFileSync(
        python,
        ["-c", check, packagePath(CONTRACT_JSON_SCHEMA_PATH), rootFile, JSON.stringify(bad)],
        { encoding: "utf8" },
      );
      const [goodErrors, badErrors] = JSON.parse(out);
      expect(goodErrors).toEqual([]);
      expect(badErrors.sort()).toEqual(["retention.dev", "sampling.production.rate"]);
    },
  );
});

describe("a broken contract lists each bad path", () => {
  const mutate = (change: (c: Record<string, any>) => void) => {
    const c = raw();
    change(c);
    return c;
  };
  it.each<[string, (c: Record<string, any>) => void, string]>([
    [
      "rate above 1",
      (c) => (c.sampling.production.rate = 1.5),
      "sampling.production.rate: rate must be between 0 and 1",
    ],
    ["rate as a string", (c) => (c.sampling.production.rate = "0.1"), "sampling.production.rate:"],
    ["a missing environment", (c) => delete c.sampling.staging, "sampling.staging: is required"],
    ["a misspelt rule field", (c) => (c.sampling.dev.rat = 1), "sampling.dev: Unrecognized key"],
    ["a missing block", (c) => delete c.retention, "retention: is required"],
    [
      "fractional retention days",
      (c) => (c.retention.production.hot_days = 1.5),
      "retention.production.hot_days: hot_days must be an integer",
    ],
    [
      "negative retention days",
      (c) => (c.retention.dev.cold_days = -1),
      "retention.dev.cold_days: cold_days must be >= 0",
    ],
    [
      "thresholds out of order",
      (c) => (c.alert_thresholds.tool_success_rate.red = 99),
      'alert_thresholds.tool_success_rate.yellow: direction "below" needs green > yellow > red',
    ],
    [
      "a percent above 100",
      (c) => (c.alert_thresholds.failure_rate.red = 150),
      "alert_thresholds.failure_rate.red: a percent must be between 0 and 100",
    ],
    [
      "a missing metric",
      (c) => delete c.alert_thresholds.quality_proxy_rate,
      "alert_thresholds.quality_proxy_rate: is required",
    ],
    [
      "an unknown direction",
      (c) => (c.alert_thresholds.p95_latency_ms.direction = "up"),
      "alert_thresholds.p95_latency_ms.direction:",
    ],
    [
      "an empty justification",
      (c) => (c.alert_thresholds.p95_latency_ms.justification = ""),
      "alert_thresholds.p95_latency_ms.justification:",
    ],
    [
      "a field TraceSchema does not require",
      (c) => c.required_trace_fields.push("quality_score"),
      'required_trace_fields.13: "quality_score" is not a required TraceSchema field',
    ],
    [
      "a required field left out",
      (c) => (c.required_trace_fields = c.required_trace_fields.filter((f: string) => f !== "latency_ms")),
      'required_trace_fields: missing "latency_ms", which TraceSchema requires',
    ],
    [
      "metadata that is not a trace field",
      (c) => c.required_metadata_fields.push("region"),
      'required_metadata_fields.4: "region" is not a TraceSchema field',
    ],
    [
      "a stale price table version",
      (c) => (c.pricing.table_version = "openai-2024-01"),
      'pricing.table_version: "openai-2024-01" is not lib/pricing.ts',
    ],
    [
      "a regex that does not compile",
      (c) => (c.naming.trace_name_regex = "(["),
      "naming.trace_name_regex: must be a valid regular expression",
    ],
    [
      "an example breaking the naming regex",
      (c) => c.naming.trace_name_examples.push("SupportBot/ask"),
      'naming.trace_name_examples.2: "SupportBot/ask" does not match trace_name_regex',
    ],
    [
      "a tag key with values and a regex",
      (c) => (c.tags.keys.tool.values = ["x"]),
      "tags.keys.tool: give exactly one of values or value_regex",
    ],
    [
      "tag values that are not the code's list",
      (c) => (c.tags.keys.env.values = ["dev", "prod"]),
      "tags.keys.env.values: must be exactly lib/schema.ts ENVIRONMENTS",
    ],
    [
      "a non-semver version",
      (c) => (c.contract_version = "v1"),
      "contract_version: contract_version must be semver",
    ],
  ])("%s", (_name, change, expected) => {
    const errors = errorsOf(mutate(change));
    expect(
      errors.some((e) => e.startsWith(expected)),
      `got:\n${errors.join("\n")}`,
    ).toBe(true);
  });

  it("reports shape errors and cross-field errors together, one line per bad path", () => {
    const errors = errorsOf(
      mutate((c) => {
        c.sampling.production.rate = -0.1;
        c.sampling.production.always_on_error = "yes";
        c.pricing.table_version = "old";
        c.required_trace_fields.pop();
      }),
    );
    expect(errors.map((e) => e.split(":")[0])).toEqual(
      expect.arrayContaining([
        "sampling.production.rate",
        "sampling.production.always_on_error",
        "pricing.table_version",
        "required_trace_fields",
      ]),
    );
  });

  it.each([[null], [[]], ["contract"], [42], [undefined]])(
    "rejects a non-object (%j) without throwing",
    (data) => {
      expect(errorsOf(data)[0]).toMatch(/^\(root\): /);
    },
  );

  it("keeps a top-level block another tool adds", () => {
    const result = parseContract(mutate((c) => (c.grafana = { folder: "llm" })));
    expect(result.ok === true && (result.contract as Record<string, unknown>).grafana).toEqual({
      folder: "llm",
    });
  });
});

describe("loadContract errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "contract-"));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const thrown = (fn: () => unknown): ContractError => {
    try {
      fn();
    } catch (error) {
      return error as ContractError;
    }
    throw new Error("expected a ContractError");
  };

  it("names each bad path in a ContractError", () => {
    const c = raw();
    c.sampling.production.rate = 2;
    delete c.service;
    const error = thrown(() => loadContract(write("bad.json", JSON.stringify(c))));
    expect(error).toBeInstanceOf(ContractError);
    expect(error.name).toBe("ContractError");
    expect(error.errors).toEqual(
      expect.arrayContaining([
        "sampling.production.rate: rate must be between 0 and 1",
        "service: is required",
      ]),
    );
    expect(error.message).toContain("bad.json is not a valid observability contract");
    expect(error.message).toContain("  - service: is required");
  });

  it("reports invalid JSON and a missing file as ContractErrors, not stack traces", () => {
    expect(thrown(() => loadContract(write("broken.json", "{ not json"))).errors[0]).toMatch(
      /^\(file\): not valid JSON/,
    );
    expect(thrown(() => loadContract(join(dir, "absent.json"))).errors[0]).toBe(
      "(file): cannot read it (ENOENT)",
    );
  });

  it("reads the package's contract when given no path, and a given path as the caller's", () => {
    expect(loadContract()).toEqual((parseContract(raw()) as { contract: unknown }).contract);
    const copy = write("copy.json", JSON.stringify({ ...raw(), service: "copy-bot" }));
    expect(loadContract(relative(process.cwd(), copy)).service).toBe("copy-bot");
  });
});
