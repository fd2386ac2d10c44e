/**
 * Vendor API keys, recognised by their documented prefixes (formats cross-checked against the
 * gitleaks and trufflehog rule sets). Specific prefixes come before the generic `sk-` family so
 * the token names the right vendor. Every pattern is a literal prefix followed by one greedy
 * character class, so it runs in linear time and masks the key to its last character.
 */
import { redactionToken, regexRule, type RedactionRule } from "./rule";

/** Not preceded by a letter or digit: `OPENAI_API_KEY=sk-…` and `"sk-…"` match, `task-…` does not. */
const START = "(?<![A-Za-z0-9])";
const rx = (source: string) => new RegExp(START + source, "g");

/** The `sk-`/`pk-` family in one pass; the prefix decides the vendor. */
function skFamilyType(key: string): string {
  if (key.startsWith("sk-ant-")) return "ANTHROPIC_KEY";
  if (key.startsWith("sk-lf-") || key.startsWith("pk-lf-")) return "LANGFUSE_KEY";
  return "OPENAI_KEY";
}

// Minimum lengths sit below the real ones (a shortened or test key is still a key) where the
// prefix alone is distinctive; the bare `sk-` family needs 20 characters so words like sk-learn stay.
// Hints are substrings that start with an uncommon character: V8's `includes` is fastest then,
// and most trace text is skipped without running the rule's regex (see lib/bench/redact.bench.ts).
export const apiKeyRules: readonly RedactionRule[] = [
  // Anthropic sk-ant-api03-/sk-ant-admin01-; Langfuse pk-lf-<uuid> (public) and sk-lf-<uuid> (secret);
  // OpenAI: legacy sk-<20>T3BlbkFJ<20>, sk-proj-/sk-svcacct-/sk-admin-/sk-None- (with or without the
  // T3BlbkFJ marker), and any other long sk- key (OpenAI-compatible providers issue the same shape).
  regexRule({
    type: "OPENAI_KEY",
    hints: ["k-"],
    pattern: rx("(?:sk-(?:ant|proj|svcacct|service|admin|None)-[A-Za-z0-9_-]{8,}|[ps]k-lf-[A-Za-z0-9_-]{8,}|sk-[A-Za-z0-9_-]{20,})"),
    replace: (key: string) => redactionToken(skFamilyType(key)),
  }),
  // LangSmith: lsv2_pt_ (personal), lsv2_sk_ (service), legacy ls__<hex>. No hint: the regex is as cheap.
  regexRule({ type: "LANGSMITH_KEY", pattern: rx("ls(?:v2_[a-z]{2,4}_[A-Za-z0-9_-]{8,}|__[A-Za-z0-9_-]{20,})") }),
  // AWS access key ids (long-term AKIA, temporary ASIA, and the rarer prefixes).
  regexRule({ type: "AWS_ACCESS_KEY", pattern: rx("A(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])") }),
  // GitHub: classic PAT, OAuth, user-to-server, server-to-server, refresh, fine-grained PAT.
  regexRule({
    type: "GITHUB_TOKEN",
    hints: ["gh", "github_pat_"],
    pattern: rx("(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
  }),
  // Slack: bot/user/app/config tokens and incoming-webhook URLs.
  regexRule({
    type: "SLACK_TOKEN",
    hints: ["xox", "xapp-", "hooks.slack"],
    pattern: rx("(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,}|(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{16,})"),
  }),
  // Stripe: secret, restricted and publishable keys, live and test; webhook signing secrets.
  regexRule({
    type: "STRIPE_KEY",
    hints: ["_live_", "_test_", "_prod_", "whsec_"],
    pattern: rx("(?:(?:sk|rk|pk)_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{16,})"),
  }),
  // Google: API keys (AIza + 35), OAuth client secrets and access tokens.
  regexRule({
    type: "GOOGLE_API_KEY",
    hints: ["AIza", "GOCSPX-", "ya29."],
    pattern: rx("(?:AIza[A-Za-z0-9_-]{20,}|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\\.[A-Za-z0-9_-]{20,})"),
  }),
  // Hugging Face and GitLab tokens, common beside LLM code.
  regexRule({ type: "API_KEY", hints: ["hf_", "glpat-"], pattern: rx("(?:hf_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,})") }),
  // JWTs: base64url header and payload that both start with `{"` (eyJ…), then an optional signature.
  regexRule({ type: "JWT", hints: ["yJ"], pattern: rx("eyJ[A-Za-z0-9_-]{5,}\\.ey[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*") }),
];
