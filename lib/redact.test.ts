import { describe, expect, it } from "vitest";
import { hashUserId, redactApiKeys, redactPii, stripPii } from "./redact";
import { DEFAULT_USER_ID_HASH_KEY } from "./redact/hash-user-id";
import { parseTrace, type Trace } from "./schema";
import { adversarialInputs } from "./redact/adversarial-inputs";
import { luhnValid } from "./redact/payment-card";
import { countRedactions, redactionDiff } from "./redact/redaction-report";
import { compareRedactors, correctCounts, judgeRedaction } from "./redact/compare-redactors";
import { mulberry32 } from "./seeded";

// Key-shaped fixtures are built at run time from a seeded generator, in the vendors' real formats,
// so no key-looking literal sits in the repository for secret scanners to trip on.
const seeded = mulberry32;
const rand = seeded(20240806);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
const alnum = (n: number) => pick(ALNUM, n);
const urlsafe = (n: number) => pick(ALNUM + "_-", n);
const hex = (n: number) => pick("0123456789abcdef", n);
const upper = (n: number) => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n);
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const b64url = (s: string) => Buffer.from(s).toString("base64url");

/** [name, key, expected token] in the vendors' documented formats. */
const KEYS: [string, string, string][] = [
  ["OpenAI legacy (T3BlbkFJ marker)", `sk-${alnum(20)}T3BlbkFJ${alnum(20)}`, "[REDACTED_OPENAI_KEY]"],
  ["OpenAI project key", `sk-proj-${urlsafe(74)}T3BlbkFJ${urlsafe(74)}`, "[REDACTED_OPENAI_KEY]"],
  ["OpenAI project key without the marker", `sk-proj-${urlsafe(48)}`, "[REDACTED_OPENAI_KEY]"],
  ["OpenAI service-account key", `sk-svcacct-${urlsafe(58)}T3BlbkFJ${urlsafe(58)}`, "[REDACTED_OPENAI_KEY]"],
  ["OpenAI admin key", `sk-admin-${urlsafe(58)}T3BlbkFJ${urlsafe(58)}`, "[REDACTED_OPENAI_KEY]"],
  ["OpenAI 48-character key", `sk-${alnum(48)}`, "[REDACTED_OPENAI_KEY]"],
  ["LangSmith personal token", `lsv2_pt_${hex(32)}_${hex(10)}`, "[REDACTED_LANGSMITH_KEY]"],
  ["LangSmith service key", `lsv2_sk_${hex(32)}_${hex(10)}`, "[REDACTED_LANGSMITH_KEY]"],
  ["LangSmith legacy key", `ls__${hex(32)}`, "[REDACTED_LANGSMITH_KEY]"],
  ["Langfuse public key", `pk-lf-${uuid()}`, "[REDACTED_LANGFUSE_KEY]"],
  ["Langfuse secret key", `sk-lf-${uuid()}`, "[REDACTED_LANGFUSE_KEY]"],
  ["Anthropic API key", `sk-ant-api03-${urlsafe(93)}AA`, "[REDACTED_ANTHROPIC_KEY]"],
  ["Anthropic admin key", `sk-ant-admin01-${urlsafe(93)}AA`, "[REDACTED_ANTHROPIC_KEY]"],
  ["AWS access key id", `AKIA${upper(16)}`, "[REDACTED_AWS_ACCESS_KEY]"],
  ["AWS temporary key id", `ASIA${upper(16)}`, "[REDACTED_AWS_ACCESS_KEY]"],
  ["GitHub classic PAT", `ghp_${alnum(36)}`, "[REDACTED_GITHUB_TOKEN]"],
  ["GitHub OAuth token", `gho_${alnum(36)}`, "[REDACTED_GITHUB_TOKEN]"],
  ["GitHub user-to-server token", `ghu_${alnum(36)}`, "[REDACTED_GITHUB_TOKEN]"],
  ["GitHub server-to-server token", `ghs_${alnum(36)}`, "[REDACTED_GITHUB_TOKEN]"],
  ["GitHub refresh token", `ghr_${alnum(36)}`, "[REDACTED_GITHUB_TOKEN]"],
  ["GitHub fine-grained PAT", `github_pat_${alnum(22)}_${alnum(59)}`, "[REDACTED_GITHUB_TOKEN]"],
  [
    "Slack bot token",
    `xoxb-${pick("0123456789", 12)}-${pick("0123456789", 13)}-${alnum(24)}`,
    "[REDACTED_SLACK_TOKEN]",
  ],
  [
    "Slack user token",
    `xoxp-${pick("0123456789", 12)}-${pick("0123456789", 12)}-${pick("0123456789", 13)}-${hex(32)}`,
    "[REDACTED_SLACK_TOKEN]",
  ],
  ["Slack app token", `xapp-1-A${upper(10)}-${pick("0123456789", 13)}-${hex(64)}`, "[REDACTED_SLACK_TOKEN]"],
  [
    "Slack webhook URL",
    `https://hooks.slack.com/services/T${upper(8)}/B${upper(10)}/${alnum(24)}`,
    "[REDACTED_SLACK_TOKEN]",
  ],
  ["Stripe live secret key", `sk_live_${alnum(99)}`, "[REDACTED_STRIPE_KEY]"],
  ["Stripe restricted key", `rk_live_${alnum(24)}`, "[REDACTED_STRIPE_KEY]"],
  ["Stripe test secret key", `sk_test_${alnum(24)}`, "[REDACTED_STRIPE_KEY]"],
  ["Stripe publishable key", `pk_live_${alnum(24)}`, "[REDACTED_STRIPE_KEY]"],
  ["Google API key", `AIza${urlsafe(35)}`, "[REDACTED_GOOGLE_API_KEY]"],
  ["Hugging Face token", `hf_${alnum(34)}`, "[REDACTED_API_KEY]"],
  [
    "JWT",
    `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"Jane Doe","iat":1516239022}')}.${urlsafe(43)}`,
    "[REDACTED_JWT]",
  ],
];

/** The contexts a key turns up in: prose, JSON, env files, headers, code. */
const CONTEXTS: [string, (key: string) => string][] = [
  ["prose", (k) => `my key is ${k} please help`],
  ["JSON", (k) => `{"api_key":"${k}","n":1}`],
  ["env file", (k) => `EXPORTED_KEY=${k}\nNEXT=1`],
  ["quoted code", (k) => `client = Client('${k}')`],
  ["end of text", (k) => `key: ${k}`],
];

describe("the assignment's three", () => {
  it("masks API keys fully: no fragment of the key survives", () => {
    for (const [name, key] of KEYS) {
      const out = redactPii(`config ${key} end`);
      expect(out, name).toMatch(/^config \[REDACTED_[A-Z_]+\] end$/);
      for (let i = 0; i + 8 <= key.length; i += 4)
        expect(out.includes(key.slice(i, i + 8)), `${name}: "${key.slice(i, i + 8)}" leaked`).toBe(false);
    }
  });

  it("redacts emails", () => {
    expect(redactPii("Contact jane.doe@example.com for access")).toBe("Contact [REDACTED_EMAIL] for access");
  });

  it("hashes the same user id to the same value, different ids and keys to different values", () => {
    expect(hashUserId("user-42")).toBe(hashUserId("user-42"));
    expect(hashUserId("user-42")).not.toBe(hashUserId("user-43"));
    expect(hashUserId("user-42", "another-key")).not.toBe(hashUserId("user-42"));
    expect(hashUserId("user-42")).toBe(hashUserId("user-42", DEFAULT_USER_ID_HASH_KEY));
    expect(hashUserId("user-42")).toMatch(/^uid_[0-9a-f]{32}$/);
  });
});

describe("API keys and credentials, one row a format", () => {
  it.each(KEYS)("%s", (_name, key, token) => {
    for (const [context, wrap] of CONTEXTS) {
      const expected = wrap(token).replace("EXPORTED_KEY=", "EXPORTED_KEY=");
      expect(redactPii(wrap(key)), context).toBe(expected);
      expect(redactApiKeys(wrap(key)), context).toBe(expected);
    }
  });

  it.each([
    [
      "Authorization: Bearer header",
      "Authorization: Bearer abc123def456ghi789",
      "Authorization: Bearer [REDACTED_BEARER_TOKEN]",
    ],
    [
      "Authorization header in JSON",
      '{"Authorization": "Bearer 9f8e7d6c5b4a39281706"}',
      '{"Authorization": "Bearer [REDACTED_BEARER_TOKEN]"}',
    ],
    [
      "lower-case header, Basic scheme",
      "authorization: Basic dXNlcjpodW50ZXIy",
      "authorization: Basic [REDACTED_BASIC_AUTH]",
    ],
    [
      "header with a custom scheme",
      "Authorization: Token tok_83bd72a0",
      "Authorization: Token [REDACTED_AUTH]",
    ],
    [
      "Digest header, whole value",
      'Authorization: Digest username="ann", response="6629fae4"',
      "Authorization: Digest [REDACTED_AUTH]",
    ],
    [
      "Bearer in a curl command",
      "curl -H 'Authorization: Bearer opaque-token-0123'",
      "curl -H 'Authorization: Bearer [REDACTED_BEARER_TOKEN]'",
    ],
    [
      "bare Bearer value",
      "sent Bearer 0a1b2c3d4e5f6a7b8c9d to the API",
      "sent Bearer [REDACTED_BEARER_TOKEN] to the API",
    ],
    [
      "bare Basic value that decodes to user:password",
      "Basic YWRtaW46czNjcjN0 was used",
      "Basic [REDACTED_BASIC_AUTH] was used",
    ],
    [
      "password in a URL",
      "postgres://app:s3cr3t@db.internal:5432/prod",
      "postgres://[REDACTED_URL_CREDENTIALS]@db.internal:5432/prod",
    ],
    [
      "user and password in an https URL",
      "see https://user:pass@host.example.com/path",
      "see https://[REDACTED_URL_CREDENTIALS]@host.example.com/path",
    ],
    ["password-only URL", "redis://:hunter2@cache:6379", "redis://[REDACTED_URL_CREDENTIALS]@cache:6379"],
    [
      "secret query parameter",
      "GET /cb?code=42&access_token=ya1b2c3d4e5f&state=x",
      "GET /cb?code=42&access_token=[REDACTED_SECRET]&state=x",
    ],
    [
      "presigned URL signature",
      "https://b.s3.amazonaws.com/f.pdf?X-Amz-Signature=9a8b7c6d",
      "https://b.s3.amazonaws.com/f.pdf?X-Amz-Signature=[REDACTED_SECRET]",
    ],
    [
      "labelled AWS secret key",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "aws_secret_access_key = [REDACTED_AWS_SECRET_KEY]",
    ],
    [
      "AWS secret key in STS JSON",
      '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      '"SecretAccessKey": "[REDACTED_AWS_SECRET_KEY]"',
    ],
    ["password label", "password=hunter2 next", "password=[REDACTED_SECRET] next"],
    [
      "quoted password with spaces",
      '{"password": "correct horse battery"}',
      '{"password": "[REDACTED_SECRET]"}',
    ],
    [
      "JSON-escaped quotes",
      '{\\"client_secret\\": \\"abc123xyz\\"}',
      '{\\"client_secret\\": \\"[REDACTED_SECRET]\\"}',
    ],
    ["opaque value labelled api_key", "API_KEY: 9b1deb4d3b7d", "API_KEY: [REDACTED_SECRET]"],
    ["token label as a whole word", "token=abcdef0123456789", "token=[REDACTED_SECRET]"],
  ])("%s", (_name, input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  it.each([
    ["sk-proj-", `sk-proj-${alnum(9)}`, "[REDACTED_OPENAI_KEY]"],
    ["sk-ant-", `sk-ant-api03-${alnum(6)}`, "[REDACTED_ANTHROPIC_KEY]"],
    ["lsv2_pt_", `lsv2_pt_${hex(9)}`, "[REDACTED_LANGSMITH_KEY]"],
    ["pk-lf-", `pk-lf-${hex(8)}`, "[REDACTED_LANGFUSE_KEY]"],
    ["ghp_", `ghp_${alnum(20)}`, "[REDACTED_GITHUB_TOKEN]"],
    ["AIza", `AIza${alnum(20)}`, "[REDACTED_GOOGLE_API_KEY]"],
  ])("a shortened key with the distinctive prefix %s is still a key", (_prefix, key, token) => {
    expect(redactPii(`use ${key}.`)).toBe(`use ${token}.`);
  });

  it.each([
    ["RSA", "RSA PRIVATE KEY"],
    ["PKCS#8", "PRIVATE KEY"],
    ["encrypted PKCS#8", "ENCRYPTED PRIVATE KEY"],
    ["EC", "EC PRIVATE KEY"],
    ["OpenSSH", "OPENSSH PRIVATE KEY"],
  ])("PEM %s private-key block", (_name, label) => {
    const body = Array.from({ length: 5 }, () => pick(ALNUM + "+/", 64)).join("\n");
    const pem = `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
    expect(redactPii(`key:\n${pem}\nafter`)).toBe("key:\n[REDACTED_PRIVATE_KEY]\nafter");
    // Inside JSON, newlines are escaped.
    expect(redactPii(JSON.stringify({ k: pem }))).toBe('{"k":"[REDACTED_PRIVATE_KEY]"}');
  });

  it("masks a truncated PEM block (no END line) up to the end of its base64 body", () => {
    const body = Array.from({ length: 3 }, () => pick(ALNUM, 64)).join("\n");
    expect(redactPii(`-----BEGIN RSA PRIVATE KEY-----\n${body}\nThanks, Ann`)).toBe(
      "[REDACTED_PRIVATE_KEY]\nThanks, Ann",
    );
  });

  it("leaves public keys and certificates alone", () => {
    const cert = `-----BEGIN CERTIFICATE-----\n${pick(ALNUM, 64)}\n-----END CERTIFICATE-----`;
    expect(redactPii(cert)).toBe(cert);
  });

  it("redactApiKeys masks secrets but leaves personal data to redactPii", () => {
    const text = `mail ann@example.com key ${KEYS[1][1]}`;
    expect(redactApiKeys(text)).toBe("mail ann@example.com key [REDACTED_OPENAI_KEY]");
    expect(redactPii(text)).toBe("mail [REDACTED_EMAIL] key [REDACTED_OPENAI_KEY]");
  });
});

describe("personal data, one row a format", () => {
  it.each([
    ["plain email", "mail ann@example.com today", "mail [REDACTED_EMAIL] today"],
    ["plus-addressing", "ann.lee+billing@example.com", "[REDACTED_EMAIL]"],
    ["subdomains and a two-part TLD", "ops@mail.eu.example.co.uk.", "[REDACTED_EMAIL]."],
    [
      "upper case, digits, hyphens",
      "From: <J.O'Neil-99@Sub-Domain.Example.ORG>",
      "From: <J.O'[REDACTED_EMAIL]>",
    ],
    [
      "email in a URL query",
      "https://app.example.com/invite?email=bo@example.com&x=1",
      "https://app.example.com/invite?email=[REDACTED_EMAIL]&x=1",
    ],
    ["US (415) 555-2671", "call (415) 555-2671 now", "call [REDACTED_PHONE] now"],
    ["US 415-555-2671", "call 415-555-2671.", "call [REDACTED_PHONE]."],
    ["US 415.555.2671", "415.555.2671", "[REDACTED_PHONE]"],
    ["US 415 555 2671", "tel 415 555 2671", "tel [REDACTED_PHONE]"],
    ["US +1 415 555 2671", "+1 415 555 2671", "[REDACTED_PHONE]"],
    ["US +14155552671", "sms:+14155552671", "sms:[REDACTED_PHONE]"],
    ["US +1 (415) 555-2671", "+1 (415) 555-2671", "[REDACTED_PHONE]"],
    ["US 1-415-555-2671", "1-415-555-2671", "[REDACTED_PHONE]"],
    ["US (415)555-2671", "(415)555-2671", "[REDACTED_PHONE]"],
    ["fictional 555 number", "555-123-4567", "[REDACTED_PHONE]"],
    ["UK +44 20 7946 0958", "ring +44 20 7946 0958", "ring [REDACTED_PHONE]"],
    ["UK with trunk zero +44 (0)20 7946 0958", "+44 (0)20 7946 0958", "[REDACTED_PHONE]"],
    ["India +91 98765 43210", "+91 98765 43210", "[REDACTED_PHONE]"],
    ["Germany +49 30 1234567", "+49 30 1234567", "[REDACTED_PHONE]"],
    ["France +33 1 23 45 67 89", "+33 1 23 45 67 89", "[REDACTED_PHONE]"],
    ["dotted international +61.2.9876.5432", "+61.2.9876.5432", "[REDACTED_PHONE]"],
    ["SSN dashed", "SSN 123-45-6789", "SSN [REDACTED_SSN]"],
    ["SSN spaced", "ssn: 123 45 6789", "ssn: [REDACTED_SSN]"],
    ["ITIN (9xx) dashed", "ITIN 912-70-1234", "ITIN [REDACTED_SSN]"],
    ["Visa, spaced", "card 4111 1111 1111 1111 exp 12/27", "card [REDACTED_CARD] exp 12/27"],
    ["Mastercard, dashed", "5555-5555-5555-4444", "[REDACTED_CARD]"],
    ["Mastercard 2-series", "2223003122003222", "[REDACTED_CARD]"],
    ["Amex 4-6-5", "3782 822463 10005", "[REDACTED_CARD]"],
    ["Amex unspaced", "378282246310005", "[REDACTED_CARD]"],
    ["Discover", "6011111111111117", "[REDACTED_CARD]"],
    ["JCB", "3530111333300000", "[REDACTED_CARD]"],
    ["Diners 14 digits", "30569309025904", "[REDACTED_CARD]"],
    ["card followed by another number", "4111 1111 1111 1111 2027", "[REDACTED_CARD] 2027"],
    ["IPv4", "client 203.0.113.42 connected", "client [REDACTED_IP_ADDRESS] connected"],
    ["IPv4 with port", "10.0.0.12:8080", "[REDACTED_IP_ADDRESS]:8080"],
    ["IPv4 in a URL", "http://192.168.1.20/admin", "http://[REDACTED_IP_ADDRESS]/admin"],
  ])("%s", (_name, input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });
});

describe("must NOT be redacted: the data traces exist for", () => {
  it.each([
    ["UUID", "trace 3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f"],
    ["all-digit UUID", "11111111-2222-4333-8444-555555555555"],
    ["W3C trace and span ids", "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["ISO timestamp (ms, Z)", "2024-08-06T14:03:22.123Z"],
    ["ISO timestamp with offset", "2024-08-06T14:03:22+05:30"],
    ["dates", "2024-08-06, 08/06/2024, 06.08.2024, Aug 6, 2024, 2024/08/06"],
    ["epoch milliseconds", "ts=1723000000000"],
    ["epoch seconds and nanoseconds", "1723000000 1723000000123456789"],
    ["versions", "v2.1 1.2.3 2.0.0-beta.1 release 2025.06.1 node v20.19.0"],
    ["order and SKU ids", "ORD-2024-001234 SKU-88123-XL order_id 451189 INV-2024-0042-17"],
    ["prices", "$1,234.56 €49.00 USD 0.0025 per 1K tokens $468/yr"],
    ["latencies", "latency_ms=1589.6 p95=2350ms took 12.5 s ttft 332 ms"],
    ["token counts", "total_tokens: 1523, prompt_tokens: 1200, completion_tokens: 323, max_tokens=512"],
    ["sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
    ["sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["md5 and a short git sha", "d41d8cd98f00b204e9800998ecf8427e 2f2b57b"],
    ["model names with dates", "gpt-4o-2024-08-06 claude-3-5-sonnet-20241022 gpt-4o-mini-2024-07-18"],
    ["URLs without credentials", "https://docs.example.com/api/v2/orders?page=2&limit=50#top"],
    [
      "localhost and loopback URLs",
      "http://localhost:3000/health http://127.0.0.1:8000/v1 http://0.0.0.0:9090",
    ],
    ["URL with an @ in the path", "https://medium.com/@ann/post-1"],
    ["Luhn-invalid 16-digit number", "order 4111 1111 1111 1112"],
    ["16-digit id that fails the issuer check", "1234567812345670"],
    ["bare 10-digit number (ambiguous with epoch seconds)", "id 4155552671"],
    ["percentages and decimals", "relevance 0.8723, 94.2% of 1,000 requests"],
    ["times and durations", "14:03:22 00:01:23.456"],
    [
      "prose with auth words",
      "Basic questions about Bearer tokens and authorization rules; password reset takes 5 minutes.",
    ],
    ["placeholders that hold no secret", "api_key=<your-key> password: *** token=${API_TOKEN} secret: null"],
    ["short sk- words", "sk-learn sk-1"],
    ["HTTP status and counts", "HTTP 200 OK, 3 retries, 42 docs"],
    ["phone-length ranges and scores", "scores 415-555 and 2671; range 100-200"],
  ])("%s", (_name, text) => {
    expect(redactPii(text)).toBe(text);
  });
});

describe("odd input to the string redactors", () => {
  it.each([
    ["undefined", undefined, ""],
    ["null", null, ""],
    ["number", 4155552671, "4155552671"],
    ["object", { toString: () => "ann@example.com" }, "[REDACTED_EMAIL]"],
    ["empty", "", ""],
    ["unicode around an email", "😀 ann@example.com — ✓", "😀 [REDACTED_EMAIL] — ✓"],
    ["lone surrogate", "\ud800 ann@example.com", "\ud800 [REDACTED_EMAIL]"],
  ])("%s never throws", (_name, input, expected) => {
    expect(redactPii(input as string)).toBe(expected);
    expect(() => redactApiKeys(input as string)).not.toThrow();
  });
});

describe("idempotence: redacting redacted text changes nothing", () => {
  const samples = [
    ...KEYS.map(([, key]) => `a ${key} b`),
    "mail ann@example.com, call (415) 555-2671, SSN 123-45-6789, card 4111 1111 1111 1111, ip 203.0.113.42",
    "Authorization: Bearer abc123def456ghi789 https://u:p@h.example.com password=x1",
    "[REDACTED_EMAIL] [REDACTED_OPENAI_KEY] [REDACTED_PHONE] [REDACTED_SSN] [REDACTED_BINARY 3 bytes]",
  ];

  it("for every sample", () => {
    for (const s of samples) {
      const once = redactPii(s);
      expect(redactPii(once)).toBe(once);
      expect(redactApiKeys(redactApiKeys(s))).toBe(redactApiKeys(s));
    }
  });

  it("for 2,000 random mixes of PII, keys, tokens and separators", () => {
    const parts = [
      ...samples,
      "@",
      "-",
      ".",
      " ",
      "+1",
      "4111",
      "sk-",
      ":",
      "=",
      "[",
      "]",
      "Bearer ",
      "https://",
      "123",
      "-45-",
      "6789",
    ];
    const r = seeded(7);
    for (let n = 0; n < 2000; n++) {
      const s = Array.from(
        { length: 1 + Math.floor(r() * 8) },
        () => parts[Math.floor(r() * parts.length)],
      ).join("");
      const once = redactPii(s);
      expect(redactPii(once), JSON.stringify(s)).toBe(once);
    }
  });

  it("never re-hashes a hashed user id", () => {
    const hashed = hashUserId("ann");
    expect(hashUserId(hashed)).toBe(hashed);
    const once = stripPii({ user_id: "ann", userId: "ann", nested: { userID: 7 } });
    expect(stripPii(once)).toEqual(once);
    expect(once.user_id).toBe(hashed);
  });
});

describe("linear time on adversarial input", () => {
  // A generous bound so the test cannot flake on a busy machine; the real numbers are in
  // `npm run bench -- redact`. A backtracking pattern would take seconds to minutes here.
  it.each(adversarialInputs(1024 * 1024).map((a) => [a.name, a.text] as const))(
    "1 MB of %j",
    (_name, text) => {
      const start = performance.now();
      const out = redactPii(text);
      const ms = performance.now() - start;
      expect(typeof out).toBe("string");
      expect(ms).toBeLessThan(1000);
    },
  );
});

describe("hashUserId", () => {
  it("is an HMAC, not a bare SHA-256 of the id", async () => {
    const { createHash, createHmac } = await import("node:crypto");
    const bare = createHash("sha256").update("ann").digest("hex").slice(0, 32);
    const hmac = createHmac("sha256", DEFAULT_USER_ID_HASH_KEY).update("ann").digest("hex").slice(0, 32);
    expect(hashUserId("ann")).toBe(`uid_${hmac}`);
    expect(hashUserId("ann")).not.toContain(bare);
  });

  it("accepts odd input without throwing", () => {
    expect(hashUserId("")).toMatch(/^uid_[0-9a-f]{32}$/);
    expect(hashUserId(42 as unknown as string)).toBe(hashUserId("42"));
    expect(hashUserId("ünïcødé 🙂")).toMatch(/^uid_[0-9a-f]{32}$/);
  });
});

function validTrace(overrides: Partial<Trace> = {}): Trace {
  return {
    trace_id: "3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f",
    timestamp: "2025-06-01T08:42:43.112Z",
    environment: "production",
    customer_tier: "pro",
    prompt_version: "v2.1",
    model_name: "gpt-4o-2024-08-06",
    input_text: "I'm ann.lee@example.com, refund order ORD-2024-001234?",
    output_text: "We will call you at (415) 555-2671 within 2 days.",
    retrieved_docs: [
      {
        content: `Set OPENAI_API_KEY=${KEYS[2][1]} first.`,
        relevance_score: 0.82,
        source: "kb/api-authentication.md",
      },
    ],
    tool_calls: [
      {
        tool_name: "order_lookup",
        input: { order_id: "ORD-2024-001234", email: "ann.lee@example.com", user_id: "cust-88213" },
        output: {
          status: "refunded",
          card: "4111 1111 1111 1111",
          amount_usd: 49,
          shipped: true,
          history: [{ note: "SSN 123-45-6789 on file" }],
        },
        latency_ms: 324,
        success: true,
      },
    ],
    total_tokens: 937,
    latency_ms: 1589.6,
    tags: ["env:production", "contact:ann.lee@example.com"],
    prompt_tokens: 670,
    completion_tokens: 267,
    quality_score: 91,
    ...overrides,
  };
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

describe("stripPii", () => {
  it("redacts every string at any depth and keeps numbers, booleans and the schema", () => {
    const trace = { ...validTrace(), user_id: "cust-88213" };
    const out = stripPii(trace);
    expect(out.input_text).toBe("I'm [REDACTED_EMAIL], refund order ORD-2024-001234?");
    expect(out.output_text).toBe("We will call you at [REDACTED_PHONE] within 2 days.");
    expect(out.retrieved_docs[0].content).toBe("Set OPENAI_API_KEY=[REDACTED_OPENAI_KEY] first.");
    const call = out.tool_calls[0] as { input: Record<string, unknown>; output: Record<string, any> };
    expect(call.input).toEqual({
      order_id: "ORD-2024-001234",
      email: "[REDACTED_EMAIL]",
      user_id: hashUserId("cust-88213"),
    });
    expect(call.output.card).toBe("[REDACTED_CARD]");
    expect(call.output.history[0].note).toBe("SSN [REDACTED_SSN] on file");
    expect(call.output.amount_usd).toBe(49);
    expect(call.output.shipped).toBe(true);
    expect(out.tags).toEqual(["env:production", "contact:[REDACTED_EMAIL]"]);
    expect(out.user_id).toBe(hashUserId("cust-88213"));
    expect([out.total_tokens, out.latency_ms, out.quality_score, out.trace_id, out.timestamp]).toEqual([
      937,
      1589.6,
      91,
      trace.trace_id,
      trace.timestamp,
    ]);
    expect(parseTrace(out).ok).toBe(true);
  });

  it("never mutates its input (deep-frozen input, unchanged after)", () => {
    const trace = deepFreeze({ ...validTrace(), user_id: "cust-88213" });
    const before = JSON.stringify(trace);
    const out = stripPii(trace);
    expect(JSON.stringify(trace)).toBe(before);
    expect(out).not.toBe(trace);
    expect(out.tool_calls[0]).not.toBe(trace.tool_calls[0]);
  });

  it.each([
    ["user_id", { user_id: "ann" }],
    ["userId", { userId: "ann" }],
    ["userID", { userID: "ann" }],
    ["user-id", { "user-id": "ann" }],
    ["USER_ID", { USER_ID: "ann" }],
    ["end_user_id", { end_user_id: "ann" }],
  ])("hashes %s with the configured key", (key, payload) => {
    expect(stripPii(payload)).toEqual({ [key]: hashUserId("ann") });
    expect(stripPii(payload, { hashKey: "k2" })).toEqual({ [key]: hashUserId("ann", "k2") });
  });

  it("hashes numeric ids, keeps null ids, keeps digests already in user_id_hash and hashes raw values there", () => {
    const digest = "dda75d9fed2e9c85dc0d7bd7dd0eff33ef1aaef20005cbcc26cfc0b5b8cac312";
    expect(stripPii({ user_id: 10482, userId: null, user_id_hash: digest })).toEqual({
      user_id: hashUserId("10482"),
      userId: null,
      user_id_hash: digest,
    });
    expect(stripPii({ user_id_hash: "ann@example.com" })).toEqual({
      user_id_hash: hashUserId("ann@example.com"),
    });
  });

  it("masks values under secret-named keys whatever they look like", () => {
    const headers = {
      Authorization: "opaque",
      "x-api-key": "abc",
      cookie: "sid=1",
      password: "",
      api_key: "[REDACTED_OPENAI_KEY]",
      max_tokens: 512,
    };
    expect(stripPii(headers)).toEqual({
      Authorization: "[REDACTED_SECRET]",
      "x-api-key": "[REDACTED_SECRET]",
      cookie: "[REDACTED_SECRET]",
      password: "",
      api_key: "[REDACTED_OPENAI_KEY]",
      max_tokens: 512,
    });
  });

  it("redacts object keys, numbering keys that would collide", () => {
    const out = stripPii({ "ann@example.com": 1, "bo@example.com": 2, plain: 3 });
    expect(out).toEqual({ "[REDACTED_EMAIL]": 1, "[REDACTED_EMAIL]#2": 2, plain: 3 });
    expect(stripPii(out)).toEqual(out);
  });

  class Customer {
    email = "ann@example.com";
    visits = 3;
    greet() {
      return "hi";
    }
  }

  const cyclic: Record<string, unknown> = { name: "loop", mail: "ann@example.com" };
  cyclic.self = cyclic;
  const shared = { mail: "ann@example.com" };
  const throwing = Object.defineProperty({ ok: "a@b.co" }, "boom", {
    enumerable: true,
    get() {
      throw new Error("getter failed");
    },
  });
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, {
    mail: "ann@example.com",
  });
  const protoKey = JSON.parse('{"__proto__": {"mail": "ann@example.com"}}') as object;
  const sym = Symbol("ann@example.com");
  const fn = () => 1;
  const error = Object.assign(new Error("failed for ann@example.com"), { code: "E42" });

  it.each([
    ["null", null, null],
    ["undefined", undefined, undefined],
    ["NaN", NaN, NaN],
    ["Infinity", -Infinity, -Infinity],
    ["bigint", 10n, 10n],
    ["boolean", false, false],
    ["symbol (kept)", sym, sym],
    ["function (kept)", fn, fn],
    ["string", "ann@example.com", "[REDACTED_EMAIL]"],
    ["boxed string", new String("ann@example.com"), "[REDACTED_EMAIL]"],
    ["Date (copied)", new Date(0), new Date(0)],
    ["invalid Date", new Date(NaN), new Date(NaN)],
    ["Buffer", Buffer.from("ann@example.com"), "[REDACTED_BINARY 15 bytes]"],
    ["Uint8Array", new Uint8Array(4), "[REDACTED_BINARY 4 bytes]"],
    ["ArrayBuffer", new ArrayBuffer(2), "[REDACTED_BINARY 2 bytes]"],
    [
      "Map",
      new Map<unknown, unknown>([
        ["mail", "ann@example.com"],
        ["user_id", "ann"],
        [1, "x"],
      ]),
      new Map<unknown, unknown>([
        ["mail", "[REDACTED_EMAIL]"],
        ["user_id", hashUserId("ann")],
        [1, "x"],
      ]),
    ],
    ["Set", new Set(["ann@example.com", 1]), new Set(["[REDACTED_EMAIL]", 1])],
    ["class instance (own fields)", new Customer(), { email: "[REDACTED_EMAIL]", visits: 3 }],
    ["cycle", cyclic, { name: "loop", mail: "[REDACTED_EMAIL]", self: "[Circular]" }],
    [
      "shared object (not a cycle)",
      { a: shared, b: shared },
      { a: { mail: "[REDACTED_EMAIL]" }, b: { mail: "[REDACTED_EMAIL]" } },
    ],
    ["throwing getter", throwing, { ok: "[REDACTED_EMAIL]", boom: "[Unreadable]" }],
    ["null prototype", nullProto, { mail: "[REDACTED_EMAIL]" }],
    ["__proto__ key stays data", protoKey, JSON.parse('{"__proto__": {"mail": "[REDACTED_EMAIL]"}}')],
    [
      "URL (toJSON)",
      new URL("https://u:p@example.com/x"),
      "https://[REDACTED_URL_CREDENTIALS]@example.com/x",
    ],
    ["sparse array", [1, , "a@b.co"], [1, undefined, "[REDACTED_EMAIL]"]],
  ])("%s", (_name, input, expected) => {
    expect(() => stripPii(input)).not.toThrow();
    expect(stripPii(input)).toEqual(expected);
  });

  it("turns an Error into its redacted name, message, stack and fields", () => {
    const out = stripPii(error) as unknown as Record<string, string>;
    expect(out.name).toBe("Error");
    expect(out.message).toBe("failed for [REDACTED_EMAIL]");
    expect(out.stack).toContain("failed for [REDACTED_EMAIL]");
    expect(out.stack).not.toContain("ann@example.com");
    expect(out.code).toBe("E42");
  });

  it("caps depth instead of overflowing the stack", () => {
    let deep: Record<string, unknown> = { mail: "ann@example.com" };
    for (let i = 0; i < 5000; i++) deep = { next: deep };
    const out = stripPii(deep) as Record<string, unknown>;
    let node = out;
    let depth = 0;
    while (node && typeof node === "object") {
      node = node.next as Record<string, unknown>;
      depth++;
    }
    expect(node).toBe("[REDACTED_TOO_DEEP]");
    expect(depth).toBeGreaterThan(50);
    expect(JSON.stringify(out)).not.toContain("ann@example.com");
  });

  it("gives a result that JSON.stringify accepts even for cyclic input", () => {
    expect(() => JSON.stringify(stripPii(cyclic))).not.toThrow();
  });
});

describe("payment-card checks", () => {
  it.each([
    ["4111111111111111", true],
    ["4111111111111112", false],
    ["79927398713", true],
    ["", false],
  ])("luhnValid(%s) is %s", (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe("redaction reports", () => {
  it("lists each changed field with its path, renamed keys included", () => {
    const before = {
      user_id: "cust-1",
      docs: [{ content: "mail ann@example.com" }],
      n: 3,
      when: new Date(0),
      map: { "bo@example.com": 1 },
    };
    expect(redactionDiff(before, stripPii(before))).toEqual([
      { path: "user_id", before: "cust-1", after: hashUserId("cust-1") },
      { path: "docs.0.content", before: "mail ann@example.com", after: "mail [REDACTED_EMAIL]" },
      { path: "map.<key>", before: "bo@example.com", after: "[REDACTED_EMAIL]" },
    ]);
    expect(redactionDiff(before, before)).toEqual([]);
  });

  it("counts tokens by type, in values and keys, and hashed user ids", () => {
    const after = stripPii({
      user_id: "u1",
      a: "ann@example.com bo@example.com",
      b: ["SSN 123-45-6789"],
      "cy@example.com": 1,
      bin: Buffer.from("x"),
    });
    expect(countRedactions(after)).toEqual({ BINARY: 1, EMAIL: 3, SSN: 1, USER_ID_HASH: 1 });
    expect(countRedactions({})).toEqual({});
  });

  it("judges redactors on probes: leaks and mangled traps are wrong", () => {
    const probes = [
      { name: "email", text: "mail ann@example.com", sensitive: "ann@example.com" },
      { name: "uuid", text: "id 3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f", sensitive: null },
    ];
    const rows = compareRedactors(probes, { library: redactPii, nothing: (s) => s, everything: () => "[X]" });
    expect(
      rows.map((r) => [r.probe, r["library verdict"], r["nothing verdict"], r["everything verdict"]]),
    ).toEqual([
      ["email", "redacted", "LEAKED", "redacted"],
      ["uuid", "kept", "kept", "MANGLED"],
    ]);
    expect(correctCounts(rows, ["library", "nothing", "everything"])).toEqual({
      library: 2,
      nothing: 1,
      everything: 1,
    });
    expect(judgeRedaction(probes[0], "mail [REDACTED_EMAIL]")).toBe("redacted");
  });
});
