/**
 * Credentials recognised by their context rather than their shape: passwords in URLs, secret
 * query parameters, Authorization header values, `Bearer`/`Basic` values, and values labelled
 * `password=`, `api_key:`, `aws_secret_access_key = …`. They run after the vendor-key rules, so
 * `api_key=sk-proj-…` keeps the more informative `[REDACTED_OPENAI_KEY]`; a value that already
 * holds a token is left as it is (idempotence).
 */
import { Buffer } from "node:buffer";
import { isIdentifier, isIdStyleName } from "./identifiers";
import { containsRedactionToken, redactionToken, regexRule, type RedactionRule } from "./rule";

/** `scheme://user:password@host`: both user and password go (the user is often an email or account). */
const urlCredentials = regexRule({
  type: "URL_CREDENTIALS",
  hints: ["://"],
  // Starts at the literal "://" and looks back for the scheme: a scheme-first regex would try every letter.
  pattern:
    /:\/\/(?<=(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/)[^\s:/?#@"'<>[\]]*:[^\s/?#@"'<>[\]]+@/g,
  replace: `://${redactionToken("URL_CREDENTIALS")}@`,
});

/** Secret query parameters: `?access_token=…`, `&api_key=…`, presigned-URL signatures. */
const secretQueryParams = regexRule({
  type: "SECRET",
  hints: ["="],
  pattern:
    /([?&](?:access_token|refresh_token|id_token|auth_token|token|api[_-]?key|apikey|client_secret|secret|password|passwd|pwd|auth|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)=)([^&#\s"'<>[\]]+)/gi,
  replace: `$1${redactionToken("SECRET")}`,
});

const AUTH_SCHEME =
  /^(bearer|basic|token|digest|negotiate|ntlm|apikey|api-key|hmac-sha256|aws4-hmac-sha256)(\s+)/i;

/** `Authorization: <scheme> <credentials>` in headers, JSON (`"authorization": "Bearer …"`), and logs. */
const authorizationHeader = regexRule({
  type: "AUTH",
  hints: ["uthori", "UTHORI"],
  // Digest and AWS4 credentials are comma-separated `name=value` pairs, quoted values included.
  pattern:
    /(?<![A-Za-z0-9])((?:proxy-)?authori[sz]ation\\?["']?[ \t]*(?::|=>|=)[ \t]*\\?["']?)((?:digest|aws4-hmac-sha256)[ \t]+(?:[A-Za-z0-9_-]+=(?:"[^"\r\n]*"|[^\s,"]*),?[ \t]*)+|[^\r\n"'\\]+)/gi,
  replace: (match: string, label: string, value: string) => {
    if (containsRedactionToken(value)) return match;
    const scheme = AUTH_SCHEME.exec(value);
    const schemeText = scheme ? scheme[0] : "";
    const rest = value.slice(schemeText.length);
    if (!rest.trim()) return match;
    const token =
      scheme && /^bearer$/i.test(scheme[1])
        ? "BEARER_TOKEN"
        : scheme && /^basic$/i.test(scheme[1])
          ? "BASIC_AUTH"
          : "AUTH";
    // Digest and AWS4 values are lists: mask all of it. Other schemes take one credential: mask
    // it and keep any prose after it.
    const multiPart = scheme !== null && /^(digest|aws4-hmac-sha256)$/i.test(scheme[1]);
    const credentialEnd = multiPart ? rest.trimEnd().length : rest.search(/\s|$/);
    return label + schemeText + redactionToken(token) + rest.slice(credentialEnd);
  },
});

/** A bare `Bearer <token>` (curl commands, logs): at least 8 characters with a digit, or 20+. */
const bearerToken = regexRule({
  type: "BEARER_TOKEN",
  hints: ["Bearer", "bearer", "BEARER"],
  pattern: /(?<![A-Za-z0-9])(bearer\s+)(?=[A-Za-z0-9._~+/-]{8})([A-Za-z0-9._~+/-]+=*)/gi,
  replace: (match: string, prefix: string, value: string) =>
    value.length >= 20 || (value.length >= 8 && /\d/.test(value))
      ? prefix + redactionToken("BEARER_TOKEN")
      : match,
});

/** A bare `Basic <base64>` only when it decodes to `user:password`, so "Basic questions" survives. */
const basicAuth = regexRule({
  type: "BASIC_AUTH",
  hints: ["asic"],
  pattern: /(?<![A-Za-z0-9])([Bb]asic\s+)([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/g,
  replace: (match: string, prefix: string, value: string) => {
    const decoded = Buffer.from(value, "base64").toString("latin1");
    return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded) ? prefix + redactionToken("BASIC_AUTH") : match;
  },
});

/** Labels whose value is a secret. `token` alone is included only as a whole word (not `max_tokens`, `prompt_token`). */
const SECRET_LABEL =
  "(?:aws[_-]?)?secret[_-]?access[_-]?key|secret[_-]?key|client[_-]?secret|api[_-]?(?:key|secret|token)|apikey|x-api-key|access[_-]?(?:token|key)|auth[_-]?token|refresh[_-]?token|id[_-]?token|session[_-]?token|private[_-]?key|passw(?:or)?d|pwd|passphrase|secret|(?<![A-Za-z0-9_-])token";

/** Values that say no secret is there (null, ***, <your-key>, ${API_KEY}): kept, they help debugging. */
const PLACEHOLDER = /^\s*(?:null|none|undefined|true|false|\*+|<[^>]*>|\$\{?[A-Za-z_]+\}?)\s*$/i;
const isPlaceholder = (value: string) => value.length <= 40 && PLACEHOLDER.test(value);

/** `[A-Za-z0-9_-]` */
const isNameChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;

/** The whole field name the label ends: `cache_token` for the label `token`, capped at 48 characters. */
function fieldNameAt(text: string, offset: number, label: string): string {
  let start = offset;
  while (start > 0 && offset - start < 48 && isNameChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, offset) + label;
}

/** How every label above ends, lowercase. */
const LABEL_ENDINGS = ["key", "secret", "token", "passwd", "password", "pwd", "passphrase"];

/** Whether `text[0, end)` ends with `word` (lowercase ASCII), ignoring case. */
function endsWithWord(text: string, end: number, word: string): boolean {
  const from = end - word.length;
  if (from < 0) return false;
  for (let k = 0; k < word.length; k++)
    if ((text.charCodeAt(from + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** A label ending right before the separator at `at`, across `\?["']?[ \t]*`. */
function labelEndsAt(text: string, at: number): boolean {
  let j = at;
  while (j > 0 && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
  if (j > 0 && (text.charCodeAt(j - 1) === 34 || text.charCodeAt(j - 1) === 39)) j--;
  if (j > 0 && text.charCodeAt(j - 1) === 92) j--;
  for (let w = 0; w < LABEL_ENDINGS.length; w++) if (endsWithWord(text, j, LABEL_ENDINGS[w])) return true;
  return false;
}

/**
 * Gate: a label word directly followed by a separator, as `/(?:key|secret|token|passw(?:or)?d|pwd|passphrase)\\?["']?[ \t]*[:=]/i`
 * would find. Trace JSON always contains "token" ("total_tokens"), so a word-only hint would run
 * the full regex on every line; and that regex, with no literal to skip to, cost more on short
 * texts than the rule itself. Here `indexOf` jumps from separator to separator and only looks back.
 */
export function hasSecretLabel(text: string): boolean {
  for (let at = text.indexOf(":"); at !== -1; at = text.indexOf(":", at + 1))
    if (labelEndsAt(text, at)) return true;
  for (let at = text.indexOf("="); at !== -1; at = text.indexOf("=", at + 1))
    if (labelEndsAt(text, at)) return true;
  return false;
}

/** `label = value`, `label: value`, `"label": "value"`, also with JSON-escaped quotes. */
const labelledSecretRegex = regexRule({
  type: "SECRET",
  pattern: new RegExp(
    `(?<![A-Za-z0-9])(${SECRET_LABEL})(\\\\?["']?[ \\t]*(?::=|=>|:|=)[ \\t]*)(?:(\\\\?["'])([^"'\\\\\\r\\n]+)|(\\$\\{[A-Za-z0-9_]*\\}|[^\\s"'\\\\,;()[\\]{}<>]+))`,
    "gi",
  ),
  replace: (
    match: string,
    label: string,
    separator: string,
    quote: string | undefined,
    quoted: string | undefined,
    bare: string | undefined,
    offset: number,
    text: string,
  ) => {
    const value = quoted ?? bare ?? "";
    if (containsRedactionToken(value) || isPlaceholder(value)) return match;
    if (isIdentifier(value) && isIdStyleName(fieldNameAt(text, offset, label))) return match;
    const type = label.length > 12 && /secret[_-]?access/i.test(label) ? "AWS_SECRET_KEY" : "SECRET";
    return label + separator + (quote ?? "") + redactionToken(type);
  },
});

const labelledSecret: RedactionRule = {
  type: "SECRET",
  apply: (text) => (hasSecretLabel(text) ? labelledSecretRegex.apply(text) : text),
};

export const credentialRules: readonly RedactionRule[] = [
  authorizationHeader,
  bearerToken,
  basicAuth,
  labelledSecret,
];
export const urlCredentialRules: readonly RedactionRule[] = [urlCredentials, secretQueryParams];
