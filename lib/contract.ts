/**
 * The observability contract (`observability_contract.json` at the project root): the one
 * source of truth for naming, tags, required fields, sampling, retention, redaction, prices,
 * alert thresholds and SLOs. `ContractSchema` validates it, `loadContract` reads it, and
 * `lib/observability_contract.schema.json` is the JSON Schema generated from the same zod
 * schema for editors (`contractJsonSchemaText()` regenerates it; a test keeps them equal).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { CUSTOMER_TIERS, ENVIRONMENTS, formatIssues, requiredTraceFields, TraceSchema } from "./schema";
import { ERROR_TYPES } from "./error-types";
import { PRICE_TABLE_VERSION } from "./pricing";
import { DriftSectionSchema } from "./contract/drift-section";
import { EvalGateSectionSchema } from "./contract/eval-gate-section";
import { packagePath } from "./package-root";
import { WorkbookError } from "./workbook-error";

/** The contract's file name, in the package root (lib/package-root.ts). */
export const DEFAULT_CONTRACT_PATH = "observability_contract.json";

/** The JSON Schema's path relative to the contract, as its `$schema` names it. */
export const CONTRACT_JSON_SCHEMA_PATH = "lib/observability_contract.schema.json";

/** A regex written as a string in the contract must compile. */
const regexString = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, "must be a valid regular expression");

const justification = z.string().min(1, "justification must not be empty");

const NamingSchema = z.strictObject({
  trace_name_pattern: z.literal("{service}.{endpoint}.{version}"),
  trace_name_regex: regexString,
  trace_name_examples: z.array(z.string()).min(1),
  span_names: z.strictObject({
    retrieval: z.string().min(1),
    generation: z.string().min(1),
    tool: z.string().regex(/\{tool_name\}/, "must contain {tool_name}"),
    event: z.string().regex(/\{event_name\}/, "must contain {event_name}"),
  }),
  span_name_regex: regexString,
});

/** A tag key lists its allowed values, or a regex its values must match (exactly one of the two). */
const TagKeySchema = z
  .strictObject({
    source: z.string().min(1),
    required: z.boolean(),
    values: z.array(z.string().min(1)).min(1).optional(),
    value_regex: regexString.optional(),
  })
  .refine(
    (key) => (key.values === undefined) !== (key.value_regex === undefined),
    "give exactly one of values or value_regex",
  );

const TagsSchema = z.strictObject({
  format: z.literal("{key}:{value}"),
  tag_regex: regexString,
  keys: z.strictObject({
    env: TagKeySchema,
    tier: TagKeySchema,
    prompt: TagKeySchema,
    model: TagKeySchema,
    tool: TagKeySchema,
    error: TagKeySchema,
  }),
});

const SamplingRuleSchema = z.strictObject({
  rate: z.number().min(0, "rate must be between 0 and 1").max(1, "rate must be between 0 and 1"),
  always_on_error: z.boolean(),
  /** Traces with latency_ms strictly above this are kept; null means no latency rule. */
  latency_threshold_ms: z.number().positive("latency_threshold_ms must be > 0").nullable(),
  justification: justification.optional(),
});

const RetentionSchema = z.strictObject({
  hot_days: z.int("hot_days must be an integer").nonnegative("hot_days must be >= 0"),
  cold_days: z.int("cold_days must be an integer").nonnegative("cold_days must be >= 0"),
  justification: justification.optional(),
});

const perEnvironment = <T extends z.ZodType>(rule: T) =>
  z.strictObject({ dev: rule, staging: rule, production: rule });

const ThresholdSchema = z
  .strictObject({
    direction: z.enum(["above", "below"]),
    green: z.number(),
    yellow: z.number(),
    red: z.number(),
    unit: z.enum(["ms", "percent", "usd"]),
    justification,
  })
  .superRefine((t, ctx) => {
    const ordered =
      t.direction === "above"
        ? t.green < t.yellow && t.yellow < t.red
        : t.green > t.yellow && t.yellow > t.red;
    if (!ordered) {
      const order = t.direction === "above" ? "green < yellow < red" : "green > yellow > red";
      ctx.addIssue({
        code: "custom",
        path: ["yellow"],
        message: `direction "${t.direction}" needs ${order} (got ${t.green}, ${t.yellow}, ${t.red})`,
      });
    }
    for (const level of ["green", "yellow", "red"] as const) {
      if (t.unit === "percent" && (t[level] < 0 || t[level] > 100))
        ctx.addIssue({ code: "custom", path: [level], message: "a percent must be between 0 and 100" });
      if (t.unit !== "percent" && t[level] < 0)
        ctx.addIssue({ code: "custom", path: [level], message: `${level} must be >= 0` });
    }
  });

/** A Prometheus duration such as "5m", "1h" or "30d" (one unit: what rule windows and SLO windows use). */
const durationString = z
  .string()
  .regex(/^[1-9][0-9]*[smhdw]$/, 'must be a duration such as "5m", "1h" or "30d"');

const sloBase = {
  sli: z.string().min(1),
  objective_percent: z
    .number()
    .gt(0, "objective_percent must be > 0")
    .lt(100, "objective_percent must be < 100 (100% leaves no error budget)"),
  window: durationString,
  justification,
};
/** An SLO over events: `objective_percent` of them must be good over `window`. */
const SloSchema = z.strictObject(sloBase);
/** A latency SLO: good events finish within `threshold_ms` (a histogram bucket edge). */
const LatencySloSchema = z.strictObject({
  ...sloBase,
  threshold_ms: z.number().positive("threshold_ms must be > 0"),
});

const BurnAlertSchema = z.strictObject({
  burn_rate: z.number().positive("burn_rate must be > 0"),
  long_window: durationString,
  short_window: durationString,
  justification,
});

const traceFields = Object.keys(TraceSchema.shape);

/** Unknown top-level blocks pass through untouched (another tool may add one); every block below is strict. */
const ContractObjectSchema = z.looseObject({
  $schema: z.string().optional(),
  contract_version: z.string().regex(/^\d+\.\d+\.\d+$/, "contract_version must be semver, e.g. 1.0.0"),
  description: z.string().optional(),
  service: z.string().regex(/^[a-z][a-z0-9-]*$/, "service must be lowercase kebab-case, e.g. support-bot"),
  naming: NamingSchema,
  tags: TagsSchema,
  required_metadata_fields: z.array(z.string()).min(1),
  required_trace_fields: z.array(z.string()).min(1),
  sampling: perEnvironment(SamplingRuleSchema),
  retention: perEnvironment(RetentionSchema),
  redaction: z.strictObject({
    module: z.string().min(1),
    functions: z.array(z.string().min(1)).min(1),
    boundary: z.string().min(1),
    applies_to: z.array(z.string().min(1)).min(1),
    never_leaves_process: z.array(z.string().min(1)).min(1),
  }),
  pricing: z.strictObject({
    table_version: z.string().min(1),
    source: z.string().min(1),
    currency: z.literal("USD"),
    unit: z.literal("per_1m_tokens"),
  }),
  alert_thresholds: z.strictObject({
    p95_latency_ms: ThresholdSchema,
    p95_ttft_ms: ThresholdSchema,
    failure_rate: ThresholdSchema,
    tool_success_rate: ThresholdSchema,
    avg_cost_per_request: ThresholdSchema,
    quality_proxy_rate: ThresholdSchema,
  }),
  slos: z.strictObject({
    availability: SloSchema,
    latency: LatencySloSchema,
    ttft: LatencySloSchema,
    quality: SloSchema,
  }),
  slo_alerting: z.strictObject({ source: z.string().min(1), page: BurnAlertSchema, ticket: BurnAlertSchema }),
  eval_gate: EvalGateSectionSchema,
  drift: DriftSectionSchema,
});

export type Contract = z.infer<typeof ContractObjectSchema>;

export const ContractSchema = ContractObjectSchema.meta({
  title: "Observability contract",
  description:
    "Validated by lib/contract.ts (ContractSchema); regenerate this file with contractJsonSchemaText().",
}).superRefine((c, ctx) => {
  for (const { path, message } of consistencyIssues(c)) ctx.addIssue({ code: "custom", path, message });
});

export type SamplingRule = z.infer<typeof SamplingRuleSchema>;
export type RetentionRule = z.infer<typeof RetentionSchema>;
export type AlertThreshold = z.infer<typeof ThresholdSchema>;
export type TagKey = z.infer<typeof TagKeySchema>;
export type Slo = z.infer<typeof SloSchema> & { threshold_ms?: number };
export type BurnAlert = z.infer<typeof BurnAlertSchema>;

/**
 * Cross-field rules JSON Schema cannot say: the contract must agree with the code it describes.
 * Written against unvalidated data, so `parseContract` can report these together with shape errors.
 */
export function consistencyIssues(data: unknown): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  // Unvalidated JSON, read defensively field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c = (data ?? {}) as Record<string, any>;
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
  const schemaRequired = requiredTraceFields();
  const required = strings(c.required_trace_fields);
  if (required) {
    for (const field of schemaRequired) {
      if (!required.includes(field))
        issues.push({
          path: ["required_trace_fields"],
          message: `missing "${field}", which TraceSchema requires`,
        });
    }
    (c.required_trace_fields as unknown[]).forEach((field, i) => {
      if (typeof field === "string" && !schemaRequired.includes(field))
        issues.push({
          path: ["required_trace_fields", i],
          message: `"${field}" is not a required TraceSchema field`,
        });
    });
  }
  if (Array.isArray(c.required_metadata_fields)) {
    (c.required_metadata_fields as unknown[]).forEach((field, i) => {
      if (typeof field === "string" && !traceFields.includes(field))
        issues.push({
          path: ["required_metadata_fields", i],
          message: `"${field}" is not a TraceSchema field`,
        });
    });
  }
  // Tag values that code enumerates must be the code's lists, or tagsFor would emit tags the contract rejects.
  const enumerated: [string, readonly string[], string][] = [
    ["env", ENVIRONMENTS, "lib/schema.ts ENVIRONMENTS"],
    ["tier", CUSTOMER_TIERS, "lib/schema.ts CUSTOMER_TIERS"],
    ["error", ERROR_TYPES, "lib/error-types.ts ERROR_TYPES"],
  ];
  for (const [key, expected, source] of enumerated) {
    const values = strings(c.tags?.keys?.[key]?.values);
    if (values && (values.length !== expected.length || expected.some((v) => !values.includes(v)))) {
      issues.push({
        path: ["tags", "keys", key, "values"],
        message: `must be exactly ${source}: ${expected.join(", ")} (got ${values.join(", ")})`,
      });
    }
  }
  for (const severity of ["page", "ticket"] as const) {
    const rule = c.slo_alerting?.[severity];
    const long = durationSeconds(rule?.long_window);
    const short = durationSeconds(rule?.short_window);
    if (long !== null && short !== null && short >= long)
      issues.push({
        path: ["slo_alerting", severity, "short_window"],
        message: `must be shorter than long_window (${rule.long_window})`,
      });
    for (const [name, slo] of Object.entries((c.slos ?? {}) as Record<string, { window?: unknown }>)) {
      const window = durationSeconds(slo?.window);
      if (long !== null && window !== null && window <= long)
        issues.push({
          path: ["slos", name, "window"],
          message: `must be longer than slo_alerting.${severity}.long_window (${rule.long_window})`,
        });
    }
  }
  const version = c.pricing?.table_version;
  if (typeof version === "string" && version !== PRICE_TABLE_VERSION) {
    issues.push({
      path: ["pricing", "table_version"],
      message: `"${version}" is not lib/pricing.ts's PRICE_TABLE_VERSION "${PRICE_TABLE_VERSION}"`,
    });
  }
  let nameRegex: RegExp | undefined;
  try {
    nameRegex =
      typeof c.naming?.trace_name_regex === "string" ? new RegExp(c.naming.trace_name_regex) : undefined;
  } catch {
    // a regex that does not compile is reported by the shape check
  }
  (strings(c.naming?.trace_name_examples) ?? []).forEach((name, i) => {
    if (nameRegex && !nameRegex.test(name))
      issues.push({
        path: ["naming", "trace_name_examples", i],
        message: `"${name}" does not match trace_name_regex`,
      });
  });
  return issues;
}

const DURATION_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds in a one-unit Prometheus duration ("30d"), or null when it is not one. */
export function durationSeconds(duration: unknown): number | null {
  const match = typeof duration === "string" ? /^([1-9][0-9]*)([smhdw])$/.exec(duration) : null;
  return match ? Number(match[1]) * DURATION_SECONDS[match[2]] : null;
}

/** Expected failure as a value: the typed contract, or one `path: problem` line per bad path. */
export type ContractResult = { ok: true; contract: Contract } | { ok: false; errors: string[] };

export function parseContract(data: unknown): ContractResult {
  const result = ContractSchema.safeParse(data);
  if (result.success) return { ok: true, contract: result.data };
  // A shape error stops zod before the cross-field rules run; run them anyway so one pass lists every bad path.
  const extra = consistencyIssues(data).map(({ path, message }) => `${path.join(".")}: ${message}`);
  return { ok: false, errors: [...new Set([...formatIssues(result.error.issues, data), ...extra])] };
}

/** The contract file is configuration: a bad one is misuse, reported with every bad path at once. */
export class ContractError extends WorkbookError {
  override name = "ContractError";
  constructor(
    readonly path: string,
    readonly errors: string[],
  ) {
    super(`${path} is not a valid observability contract:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
  }
}

/**
 * Reads and validates a contract file. With no `path` it is the package's own
 * `observability_contract.json`, wherever the process runs; a relative `path` is the caller's and
 * resolves like any file path they pass (against their working directory). Throws `ContractError`
 * naming each bad path.
 */
export function loadContract(path?: string): Contract {
  const file = path === undefined ? packagePath(DEFAULT_CONTRACT_PATH) : resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ContractError(file, [
      `(file): cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ContractError(file, [`(file): not valid JSON (${(error as Error).message})`]);
  }
  const result = parseContract(data);
  if (result.ok === true) return result.contract;
  throw new ContractError(file, result.errors);
}

/** The JSON Schema for the contract, as committed in `lib/observability_contract.schema.json`. */
export function contractJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ContractSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}

/** The JSON Schema file's exact text. Regenerate: npx tsx -e 'import {contractJsonSchemaText as t} from "./lib/contract"; import {writeFileSync as w} from "node:fs"; w("lib/observability_contract.schema.json", t())' */
export function contractJsonSchemaText(): string {
  return JSON.stringify(contractJsonSchema(), null, 2) + "\n";
}
