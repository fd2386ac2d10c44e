/**
 * A redaction rule: one kind of secret or PII, the token that replaces it, and cheap
 * pre-checks so text that cannot contain it is never scanned by its regex.
 */
import { textFeatures, type TextFeatures } from "./text-features";

/** The replacement text for a type: `[REDACTED_EMAIL]`. Types are UPPER_SNAKE so no rule can match a token. */
export const redactionToken = (type: string): string => `[REDACTED_${type}]`;

export const containsRedactionToken = (text: string): boolean => text.includes("[REDACTED_");

export interface RedactionRule {
  /** The type named in the token, e.g. `OPENAI_KEY`. */
  readonly type: string;
  /** Substrings of which at least one must occur for the rule to possibly match (case-sensitive). */
  readonly hints?: readonly string[];
  /** Alternative pre-check for case-insensitive or character-class hints (non-global). */
  readonly hintPattern?: RegExp;
  /** First pre-check, on the features of the text (one pass for all rules): false skips the rule. */
  readonly gate?: (features: TextFeatures) => boolean;
  apply(text: string): string;
}

// String.prototype.replace's own callback type: capture groups, offset, input and named groups.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Replacer = (match: string, ...rest: any[]) => string;

export interface RegexRuleSpec {
  type: string;
  /** Must be global. Keep it free of nested or overlapping quantifiers: every rule must run in linear time. */
  pattern: RegExp;
  hints?: readonly string[];
  hintPattern?: RegExp;
  gate?: (features: TextFeatures) => boolean;
  /** Default: replace the whole match with the type's token. */
  replace?: string | Replacer;
}

export function regexRule(spec: RegexRuleSpec): RedactionRule {
  if (!spec.pattern.global) throw new TypeError(`redaction rule ${spec.type}: pattern must have the g flag`);
  const replacement = spec.replace ?? redactionToken(spec.type);
  return {
    type: spec.type,
    hints: spec.hints,
    hintPattern: spec.hintPattern,
    gate: spec.gate,
    apply: (text) => text.replace(spec.pattern, replacement as Replacer),
  };
}

function mayMatch(rule: RedactionRule, text: string, features: TextFeatures): boolean {
  if (rule.gate && !rule.gate(features)) return false;
  const hints = rule.hints;
  if (hints) {
    let found = false;
    for (let i = 0; i < hints.length && !found; i++) found = text.includes(hints[i]);
    if (!found) return false;
  }
  return !rule.hintPattern || rule.hintPattern.test(text);
}

/**
 * A rule in the one object shape every rule list uses. Rules are written as literals, spreads and
 * `regexRule` results, five shapes in all, and the dispatch loop read their fields through V8's
 * slow generic path (about a tenth of the time on short texts); one class keeps those reads monomorphic.
 */
class UniformRule implements RedactionRule {
  constructor(
    readonly type: string,
    readonly gate: ((features: TextFeatures) => boolean) | undefined,
    readonly hints: readonly string[] | undefined,
    readonly hintPattern: RegExp | undefined,
    readonly apply: (text: string) => string,
  ) {}
}

/** The rules as a list for `applyRules`, each in the shape of `UniformRule`. */
export const ruleList = (rules: readonly RedactionRule[]): readonly RedactionRule[] =>
  Object.freeze(rules.map((r) => new UniformRule(r.type, r.gate, r.hints, r.hintPattern, r.apply)));

/** Runs rules in order: earlier rules are more specific, so their tokens win. */
export function applyRules(
  text: string,
  rules: readonly RedactionRule[],
  features: TextFeatures = textFeatures(text),
): string {
  let out = text;
  for (let i = 0; i < rules.length; i++) if (mayMatch(rules[i], out, features)) out = rules[i].apply(out);
  return out;
}

/** The same rule with a gate in front (the rule's own gate, if any, still applies). */
export function gated(rule: RedactionRule, gate: (features: TextFeatures) => boolean): RedactionRule {
  const own = rule.gate;
  return { ...rule, apply: rule.apply, gate: own ? (f) => gate(f) && own(f) : gate };
}
