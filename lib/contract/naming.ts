/**
 * Trace and span names under the contract's naming convention: a trace is
 * `{service}.{endpoint}.{version}` (e.g. `support-bot.ask.v2`). For `/ask` the version is the
 * prompt's major version, so a hub can split traces by prompt generation at a glance; the full
 * prompt id (`v2.1`) travels as metadata and a `prompt:` tag.
 *
 * Span names follow the OpenTelemetry GenAI semantic conventions, `{gen_ai.operation.name} {target}`:
 * `chat gpt-4o-mini` (target: the requested model), `execute_tool lookup_order` (the tool),
 * `retrieval knowledge_base` (the data source). Pipeline markers are not operations, so they keep
 * `event.<name>`. A bracketed part of a template (`chat[ {model}]`) is optional, as the conventions
 * allow: with no name given the span is just the operation (`chat`).
 */
import type { Contract } from "../contract";
import { WorkbookError } from "../workbook-error";

/** A name that breaks the contract's convention is a programming error, caught where it is built. */
export class NamingError extends WorkbookError {
  override name = "NamingError";
}

/** Builds and checks a trace name, e.g. `traceName("support-bot", "ask", "v2", contract)` gives `support-bot.ask.v2`. */
export function traceName(service: string, endpoint: string, version: string, contract: Contract): string {
  const name = contract.naming.trace_name_pattern
    .replace("{service}", service)
    .replace("{endpoint}", endpoint)
    .replace("{version}", version);
  if (!new RegExp(contract.naming.trace_name_regex).test(name)) {
    throw new NamingError(
      `trace name "${name}" does not match the contract's ${contract.naming.trace_name_regex} (pattern ${contract.naming.trace_name_pattern}, e.g. ${contract.naming.trace_name_examples[0]})`,
    );
  }
  return name;
}

export type SpanKind = keyof Contract["naming"]["span_names"];

/** The contract's span name for a step: `retrieval <data_source>`, `chat <model>`, `execute_tool <tool_name>`, `event.<event_name>`. */
export function spanName(kind: SpanKind, name: string | undefined, contract: Contract): string {
  const template = contract.naming.span_names[kind];
  if (template === undefined)
    throw new NamingError(
      `unknown span kind "${kind}"; known: ${Object.keys(contract.naming.span_names).join(", ")}`,
    );
  // `[ ... ]` marks an optional part: kept (brackets removed) when a name is given, dropped when not.
  const filled = name ? template.replace(/\[([^\]]*)\]/g, "$1") : template.replace(/\[[^\]]*\]/g, "");
  const needsName = /\{[a-z_]+\}/.test(filled);
  if (needsName && !name) throw new NamingError(`span kind "${kind}" needs a name (template ${template})`);
  const result = filled.replace(/\{[a-z_]+\}/, name ?? "");
  if (!new RegExp(contract.naming.span_name_regex).test(result)) {
    throw new NamingError(
      `span name "${result}" does not match the contract's ${contract.naming.span_name_regex}`,
    );
  }
  return result;
}

/** True when `name` follows the trace naming convention. */
export function isValidTraceName(name: string, contract: Contract): boolean {
  return new RegExp(contract.naming.trace_name_regex).test(name);
}
