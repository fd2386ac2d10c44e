/**
 * Tags under the contract's taxonomy (`env:*`, `tier:*`, `prompt:*`, `model:*`, `tool:*`,
 * `error:*`): `tagsFor` derives them from a trace's fields, `checkTags` reports any that break it.
 */
import type { Contract } from "../contract";
import { classifyError } from "../error-types";
import { isFailed, type Trace } from "../schema";
import { WorkbookError } from "../workbook-error";

/** A trace whose fields cannot be expressed as valid tags (it did not pass TraceSchema). */
export class TagError extends WorkbookError {
  override name = "TagError";
  constructor(readonly problems: string[]) {
    super(`tags break the contract's taxonomy:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Free-form values (model, prompt, tool) keep their meaning but lose characters a tag cannot carry. */
const sanitize = (value: string) => value.replace(/[^A-Za-z0-9._-]+/g, "_");

export type TaggableTrace = Pick<
  Trace,
  "environment" | "customer_tier" | "prompt_version" | "model_name" | "tool_calls" | "error"
>;

/** The taxonomy tags for a trace, e.g. `["env:production", "tier:pro", "prompt:v2.1", "model:gpt-4o-mini", "tool:order_lookup", "error:timeout"]`. */
export function tagsFor(trace: TaggableTrace, contract: Contract): string[] {
  const tags = [
    `env:${trace.environment}`,
    `tier:${trace.customer_tier}`,
    `prompt:${sanitize(String(trace.prompt_version))}`,
    `model:${sanitize(String(trace.model_name))}`,
  ];
  const tools = new Set(
    (trace.tool_calls ?? []).map((call) =>
      String(call.tool_name)
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, "_"),
    ),
  );
  for (const tool of tools) tags.push(`tool:${tool}`);
  if (isFailed(trace)) tags.push(`error:${classifyError(String(trace.error))}`);
  const problems = checkTags(tags, contract);
  if (problems.length) throw new TagError(problems);
  return tags;
}

/** The taxonomy's regexes, compiled once per contract object (contracts are read-only). */
const compiled = new WeakMap<Contract, { shape: RegExp; values: Map<string, RegExp> }>();
function regexesOf(contract: Contract) {
  let entry = compiled.get(contract);
  if (!entry) {
    const values = new Map<string, RegExp>();
    for (const [key, rule] of Object.entries(contract.tags.keys))
      if (rule.value_regex) values.set(key, new RegExp(rule.value_regex));
    entry = { shape: new RegExp(contract.tags.tag_regex), values };
    compiled.set(contract, entry);
  }
  return entry;
}

/** Every way `tags` break the taxonomy, as `tag: problem` lines; empty means valid. Missing required keys count. */
export function checkTags(tags: readonly string[], contract: Contract): string[] {
  const { keys, tag_regex } = contract.tags;
  const { shape, values } = regexesOf(contract);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    if (!shape.test(tag)) {
      problems.push(`"${tag}": does not match ${tag_regex}`);
      continue;
    }
    const [key, value] = [tag.slice(0, tag.indexOf(":")), tag.slice(tag.indexOf(":") + 1)];
    const rule = (keys as Record<string, Contract["tags"]["keys"]["env"] | undefined>)[key];
    seen.add(key);
    if (!rule) problems.push(`"${tag}": unknown key "${key}" (known: ${Object.keys(keys).join(", ")})`);
    else if (rule.values && !rule.values.includes(value))
      problems.push(`"${tag}": "${value}" is not one of ${rule.values.join(", ")}`);
    else if (rule.value_regex && !values.get(key)!.test(value))
      problems.push(`"${tag}": "${value}" does not match ${rule.value_regex}`);
  }
  for (const [key, rule] of Object.entries(keys)) {
    if (rule.required && !seen.has(key)) problems.push(`(missing): required key "${key}:" is absent`);
  }
  return problems;
}
