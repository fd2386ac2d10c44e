/**
 * Vendor API keys, recognised by their documented prefixes (formats cross-checked against the
 * gitleaks and trufflehog rule sets). Specific prefixes come before the generic `sk-` family so
 * the token names the right vendor. Every pattern is a literal prefix followed by one greedy
 * character class, so it runs in linear time and masks the key to its last character.
 */
import { redactionToken, type RedactionRule } from "./rule";

// Minimum lengths sit below the real ones (a shortened or test key is still a key) where the
// prefix alone is distinctive; the bare `sk-` family needs 20 characters so words like sk-learn stay.
const VENDOR_KEYS: [type: string, source: string][] = [
  // Anthropic sk-ant-api03-/sk-ant-admin01-; Langfuse pk-lf-<uuid> (public) and sk-lf-<uuid> (secret);
  // OpenAI: legacy sk-<20>T3BlbkFJ<20>, sk-proj-/sk-svcacct-/sk-admin-/sk-None- (with or without the
  // T3BlbkFJ marker), and any other long sk- key (OpenAI-compatible providers issue the same shape).
  [
    "OPENAI_KEY",
    "sk-(?:ant|proj|svcacct|service|admin|None)-[A-Za-z0-9_-]{8,}|[ps]k-lf-[A-Za-z0-9_-]{8,}|sk-[A-Za-z0-9_-]{20,}",
  ],
  // LangSmith: lsv2_pt_ (personal), lsv2_sk_ (service), legacy ls__<hex>.
  ["LANGSMITH_KEY", "ls(?:v2_[a-z]{2,4}_[A-Za-z0-9_-]{8,}|__[A-Za-z0-9_-]{20,})"],
  // AWS access key ids (long-term AKIA, temporary ASIA, and the rarer prefixes).
  ["AWS_ACCESS_KEY", "A(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])"],
  // GitHub: classic PAT, OAuth, user-to-server, server-to-server, refresh, fine-grained PAT.
  ["GITHUB_TOKEN", "gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"],
  // Slack: bot/user/app/config tokens and incoming-webhook URLs.
  [
    "SLACK_TOKEN",
    "xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,}|(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{16,}",
  ],
  // Stripe: secret, restricted and publishable keys, live and test; webhook signing secrets.
  ["STRIPE_KEY", "(?:sk|rk|pk)_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{16,}"],
  // Google: API keys (AIza + 35), OAuth client secrets and access tokens.
  ["GOOGLE_API_KEY", "AIza[A-Za-z0-9_-]{20,}|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\\.[A-Za-z0-9_-]{20,}"],
  // Hugging Face and GitLab tokens, common beside LLM code.
  ["API_KEY", "hf_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}"],
  // JWTs: base64url header and payload that both start with `{"` (eyJ…), then an optional signature.
  ["JWT", "eyJ[A-Za-z0-9_-]{5,}\\.ey[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"],
];

/**
 * All vendors in one pass: one alternation, no capture groups (the replace callback then gets the
 * key alone, and no substring is cut per group). The key's literal prefix names the vendor, as
 * every alternative starts with its own. One scan replaced ten (with ten hint searches). The
 * leading look-behind keeps it linear: only a word's start can begin a key (`OPENAI_API_KEY=sk-…`
 * and `"sk-…"` match, `task-…` does not), so `eyJeyJeyJ…` is not rescanned from every `eyJ`.
 */
/** Every vendor key pattern as one regex source (also searched inside decoded base64: base64-credential-rule.ts). */
export const VENDOR_KEY_SOURCE = `(?<![A-Za-z0-9])(?:${VENDOR_KEYS.map(([, source]) => source).join("|")})`;

const vendorKeys = new RegExp(VENDOR_KEY_SOURCE, "g");

const token = new Map(VENDOR_KEYS.map(([type]) => [type, redactionToken(type)]));
const tokenOf = (type: string) => token.get(type) ?? redactionToken(type);
const OPENAI = tokenOf("OPENAI_KEY"),
  ANTHROPIC = redactionToken("ANTHROPIC_KEY"),
  LANGFUSE = redactionToken("LANGFUSE_KEY");
const LANGSMITH = tokenOf("LANGSMITH_KEY"),
  AWS = tokenOf("AWS_ACCESS_KEY"),
  GITHUB = tokenOf("GITHUB_TOKEN"),
  SLACK = tokenOf("SLACK_TOKEN");
const STRIPE = tokenOf("STRIPE_KEY"),
  GOOGLE = tokenOf("GOOGLE_API_KEY"),
  OTHER = tokenOf("API_KEY"),
  JWT = tokenOf("JWT");

/** The vendor of a key the regex matched, from its prefix (the prefixes of VENDOR_KEYS). */
export function vendorKeyToken(key: string): string {
  switch (key.charCodeAt(0)) {
    case 115: // s: sk-… (OpenAI family), sk_live_… (Stripe)
      return key.charCodeAt(2) === 95
        ? STRIPE
        : key.startsWith("sk-ant-")
          ? ANTHROPIC
          : key.startsWith("sk-lf-")
            ? LANGFUSE
            : OPENAI;
    case 112: // p: pk-lf-… (Langfuse), pk_live_… (Stripe)
      return key.charCodeAt(2) === 95 ? STRIPE : LANGFUSE;
    case 108: // l: lsv2_…, ls__…
      return LANGSMITH;
    case 65: // A: AKIA…/ASIA…/… (AWS), AIza… (Google)
      return key.charCodeAt(1) === 73 ? GOOGLE : AWS;
    case 103: // g: gh?_…, github_pat_… (GitHub), glpat-… (GitLab)
      return key.charCodeAt(1) === 108 ? OTHER : GITHUB;
    case 120: // x: xox?-…, xapp-…
    case 104: // h: hooks.slack.com/…, https://hooks.slack.com/…, hf_… (Hugging Face)
      return key.charCodeAt(1) === 102 ? OTHER : SLACK;
    case 114: // r: rk_live_…
    case 119: // w: whsec_…
      return STRIPE;
    case 71: // G: GOCSPX-…
    case 121: // y: ya29.…
      return GOOGLE;
    case 101: // e: eyJ… (JWT)
      return JWT;
    default:
      return OTHER;
  }
}

export const apiKeyRule: RedactionRule = {
  type: "API_KEY",
  apply: (text) => text.replace(vendorKeys, vendorKeyToken),
};

/** Kept for callers that list the rules: the one combined rule. */
export const apiKeyRules: readonly RedactionRule[] = [apiKeyRule];
