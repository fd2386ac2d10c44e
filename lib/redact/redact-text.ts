/**
 * The string redactors. `redactPii` is the one every exporter uses (secrets and personal data);
 * `redactApiKeys` is the secrets-only subset. Both are idempotent: tokens such as
 * `[REDACTED_EMAIL]` match no rule, so SDK hooks may run them again on redacted data.
 */
import { apiKeyRules } from "./api-key-rules";
import { base64CredentialRule } from "./base64-credential-rule";
import { hasConfusables, redactNormalized } from "./confusables";
import { credentialRules, urlCredentialRules } from "./credential-rules";
import { piiRules } from "./pii-rules";
import { privateKeyRule } from "./private-key-rule";
import { textFeatures, type TextFeatures } from "./text-features";
import { applyRules, gated, ruleList, type RedactionRule } from "./rule";

const [urlCredentialsRule, secretQueryParamsRule] = urlCredentialRules;
const [authorizationHeader, bearerToken, basicAuth, labelledSecret] = credentialRules;

// Gates on the text's features (one pass, see text-features.ts) skip rules that cannot match.
const labelled = (f: TextFeatures) => f.colons > 0 || f.equals;
const urlCredentials = gated(urlCredentialsRule, (f) => f.at && f.colons > 0);
const secretQueryParams = gated(secretQueryParamsRule, (f) => f.equals && f.query);
/** Every vendor key, and a real JWT's header, is one run of 14+ key characters, not all of them hex. */
const vendorKeys = apiKeyRules.map((r) => gated(r, (f) => f.keyRun >= 14));
const contextCredentials = [
  gated(authorizationHeader, labelled),
  gated(bearerToken, (f) => f.wordRun >= 8),
  gated(basicAuth, (f) => f.base64Run >= 6),
  gated(labelledSecret, labelled),
];

/**
 * Order matters: whole PEM blocks and URL credentials first (they contain key-like text), then
 * vendor keys by prefix, then context rules (headers, labels) for whatever opaque value is left,
 * then base64 runs that decode to a key.
 */
export const SECRET_RULES: readonly RedactionRule[] = ruleList([
  gated(privateKeyRule, (f) => f.wordRun >= 10),
  urlCredentials,
  ...vendorKeys,
  secretQueryParams,
  ...contextCredentials,
  gated(base64CredentialRule, (f) => f.encodedRuns > 0), // last: labelled and `Basic` values keep their more specific token
]);
const ALL_RULES: readonly RedactionRule[] = ruleList([...SECRET_RULES, ...piiRules]);

/** Non-strings are converted with `String()` (null and undefined become ""), so a redactor never throws. */
const asText = (text: unknown): string =>
  typeof text === "string" ? text : text === null || text === undefined ? "" : String(text);

/** Masks API keys, tokens, credentials and private keys. */
export function redactApiKeys(text: string): string {
  return applyAll(asText(text), SECRET_RULES);
}

/** Look-alike characters (full-width `＠`, digits) are matched as ASCII; the output keeps the original's characters. */
function applyAll(text: string, rules: readonly RedactionRule[]): string {
  const features = textFeatures(text);
  if (features.nonAscii && hasConfusables(text)) return redactNormalized(text, (t) => applyRules(t, rules));
  return applyRules(text, rules, features);
}

/**
 * Short strings that had nothing to redact ("production", "gpt-4o-mini", field names): traces
 * repeat them endlessly. Only clean strings are kept, so the cache never holds personal data.
 * Up to 40 characters: enum values, model names, tags and keys fit; longer text rarely repeats,
 * and caching it only churned the set (it cost unique short texts about 10%).
 */
const CLEAN_MAX_LENGTH = 40;
const CLEAN_MAX_ENTRIES = 4096;
const clean = new Set<string>();

/** Masks personal data and every secret `redactApiKeys` masks: the single string redactor. */
export function redactPii(text: string): string {
  const input = asText(text);
  if (input.length > CLEAN_MAX_LENGTH) return applyAll(input, ALL_RULES);
  if (input.length < 5) return input; // the shortest match is 5 characters ("pwd=x")
  if (clean.has(input)) return input;
  const out = applyAll(input, ALL_RULES);
  if (out === input) {
    if (clean.size >= CLEAN_MAX_ENTRIES) clean.clear();
    clean.add(input);
  }
  return out;
}
