/**
 * The project's own redaction corpus, generated deterministically (seeded faker plus hand-written
 * formats): 27 secret and PII formats × 60 positives in varied contexts, 600+ false-positive
 * traps (the ids, timestamps, amounts and versions traces exist for), and nested trace payloads
 * (see nested-payloads.ts). The tests assert recall and false-positive rates on it and the bench
 * scores other redactors on the same cases. Key-shaped values are built at run time, so no
 * key-looking literal sits in the repository.
 */
import { Faker, en } from "@faker-js/faker";

export interface PositiveCase {
  format: string;
  text: string;
  /** Substrings that must not survive redaction: the value and a slice of its middle. */
  fragments: string[];
}

export interface TrapCase {
  kind: string;
  /** Must come back unchanged. */
  text: string;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const DIGITS = "0123456789";
const HEX = "0123456789abcdef";

/** Random building blocks over one seeded faker, so every value is reproducible. */
export function corpusTools(seed: number) {
  const f = new Faker({ locale: [en] });
  f.seed(seed);
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[f.number.int(alphabet.length - 1)]).join("");
  const luhnDigit = (body: string) => {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return String((10 - (sum % 10)) % 10);
  };
  const uuid = () => f.string.uuid();
  return {
    f,
    pick,
    uuid,
    alnum: (n: number) => pick(ALNUM, n),
    urlsafe: (n: number) => pick(ALNUM + "_-", n),
    digits: (n: number) => pick(DIGITS, n),
    hex: (n: number) => pick(HEX, n),
    /** A Luhn-valid card: issuer prefix, random body, check digit. */
    card: (prefix: string, length: number) => {
      const body = prefix + pick(DIGITS, length - prefix.length - 1);
      return body + luhnDigit(body);
    },
    luhnDigit,
    sentence: () => f.lorem.sentence({ min: 3, max: 8 }).replace(/\.$/, ""),
  };
}

type Tools = ReturnType<typeof corpusTools>;
/** A generator returns the value and the text around it. */
type Format = [name: string, make: (t: Tools, i: number) => { value: string; text?: string }];

/** Group a card's digits with a separator: 4-4-4-4, or 4-6-5 for 15-digit Amex. */
function groupCard(card: string, sep: string): string {
  const sizes = card.length === 15 ? [4, 6, 5] : card.length === 16 ? [4, 4, 4, 4] : [card.length];
  const parts: string[] = [];
  let at = 0;
  for (const n of sizes) {
    parts.push(card.slice(at, at + n));
    at += n;
  }
  return parts.join(sep);
}

const CARD_ISSUERS: [string, number][] = [
  ["4", 16],
  ["51", 16],
  ["55", 16],
  ["2221", 16],
  ["34", 15],
  ["37", 15],
  ["6011", 16],
  ["3530", 16],
];
const CARD_SEPS = ["", " ", "-", ".", "  ", "\t", "/"];
const PHONE_CUES = [
  "call",
  "call me at",
  "my phone is",
  "phone:",
  "tel",
  "mobile",
  "text me on",
  "reach me at",
  "cell",
];
const SSN_CUES = ["ssn", "my SSN is", "social security number", "SSN:", "social security no", "ss#"];
const PHONE_DIGITS = (t: Tools) =>
  `${t.f.number.int({ min: 2, max: 9 })}${t.digits(2)}${t.f.number.int({ min: 2, max: 9 })}${t.digits(6)}`;

export const FORMATS: readonly Format[] = [
  ["openai_key", (t) => ({ value: `sk-proj-${t.urlsafe(48)}T3BlbkFJ${t.urlsafe(20)}` })],
  ["anthropic_key", (t) => ({ value: `sk-ant-api03-${t.urlsafe(93)}AA` })],
  ["langfuse_secret_key", (t) => ({ value: `sk-lf-${t.uuid()}` })],
  [
    "langfuse_basic_auth_base64",
    (t, i) => {
      const value = Buffer.from(`pk-lf-${t.uuid()}:sk-lf-${t.uuid()}`).toString(
        i % 2 ? "base64url" : "base64",
      );
      return { value, text: `rotate ${value} every 90 days` };
    },
  ],
  ["langsmith_key", (t) => ({ value: `lsv2_pt_${t.hex(32)}_${t.hex(10)}` })],
  ["aws_access_key", (t) => ({ value: `AKIA${t.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}` })],
  [
    "aws_secret_key",
    (t) => {
      const value = t.pick(ALNUM + "/+", 40);
      return { value, text: `aws_secret_access_key = ${value}` };
    },
  ],
  [
    "github_token",
    (t, i) => ({ value: i % 2 ? `ghp_${t.alnum(36)}` : `github_pat_${t.alnum(22)}_${t.alnum(59)}` }),
  ],
  ["slack_token", (t) => ({ value: `xoxb-${t.digits(12)}-${t.digits(13)}-${t.alnum(24)}` })],
  ["stripe_key", (t, i) => ({ value: `${i % 2 ? "sk" : "rk"}_live_${t.alnum(24)}` })],
  ["google_api_key", (t) => ({ value: `AIza${t.urlsafe(35)}` })],
  [
    "jwt",
    (t) => {
      const b = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      return {
        value: `${b({ alg: "HS256", typ: "JWT" })}.${b({ sub: t.uuid(), iat: t.f.number.int(2e9) })}.${t.urlsafe(43)}`,
      };
    },
  ],
  [
    "private_key_pem",
    (t) => {
      const body = Array.from({ length: 4 }, () => t.pick(ALNUM + "+/", 64)).join("\n");
      return { value: `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----` };
    },
  ],
  [
    "bearer_token",
    (t) => {
      const value = t.urlsafe(40);
      return { value, text: `curl -H "Authorization: Bearer ${value}" https://api.example.com` };
    },
  ],
  [
    "url_password",
    (t) => {
      const value = `${t.alnum(6)}:${t.alnum(14)}`;
      return { value, text: `DATABASE_URL=postgres://${value}@db.internal:5432/app` };
    },
  ],
  [
    "labelled_password",
    (t) => {
      const value = `${t.alnum(10)}!${t.digits(3)}`;
      return { value, text: `password=${value}` };
    },
  ],
  ["email", (t) => ({ value: t.f.internet.email().toLowerCase() })],
  [
    "email_ip_literal",
    (t) => ({
      value: `${t.f.internet
        .username()
        .toLowerCase()
        .replace(/[^a-z0-9._]/g, "")}x@[${t.f.internet.ipv4()}]`,
    }),
  ],
  ["email_fullwidth_at", (t) => ({ value: t.f.internet.email().toLowerCase().replace("@", "＠") })],
  [
    "us_phone",
    (t, i) => {
      const d = PHONE_DIGITS(t);
      const forms = [
        `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
        `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
        `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
      ];
      return { value: forms[i % forms.length] };
    },
  ],
  [
    "intl_phone",
    (t, i) => ({ value: i % 2 ? `+44 20 ${t.digits(4)} ${t.digits(4)}` : `+49 30 ${t.digits(8)}` }),
  ],
  [
    "cue_phone_bare",
    (t, i) => {
      const value = PHONE_DIGITS(t);
      return { value, text: `${PHONE_CUES[i % PHONE_CUES.length]} ${value}` };
    },
  ],
  [
    "ssn",
    (t, i) => {
      const sep = ["-", " ", "."][i % 3];
      return { value: `${t.f.number.int({ min: 100, max: 899 })}${sep}${t.digits(2)}${sep}${t.digits(4)}` };
    },
  ],
  [
    "cue_ssn_bare",
    (t, i) => {
      const value = `${t.f.number.int({ min: 100, max: 899 })}${t.digits(6)}`;
      return { value, text: `${SSN_CUES[i % SSN_CUES.length]} ${value}` };
    },
  ],
  [
    "card",
    (t, i) => {
      const [prefix, length] = CARD_ISSUERS[i % CARD_ISSUERS.length];
      return { value: groupCard(t.card(prefix, length), CARD_SEPS[i % CARD_SEPS.length]) };
    },
  ],
  [
    "ipv4",
    (t) => ({
      value: `${t.f.number.int({ min: 11, max: 223 })}.${t.f.number.int(255)}.${t.f.number.int(255)}.${t.f.number.int({ min: 1, max: 254 })}`,
    }),
  ],
  ["ipv6", (t, i) => ({ value: i % 2 ? t.f.internet.ipv6() : `2001:db8:${t.hex(4)}::${t.hex(3)}1` })],
];

/** Ways a value turns up in trace text. */
const CONTEXTS: ((v: string, t: Tools) => string)[] = [
  (v, t) => `${t.sentence()} ${v} ${t.sentence()}.`,
  (v) => `{"note":"${v}","n":1}`,
  (v, t) => `${t.sentence()}: ${v}`,
  (v) => `${v}`,
  (v, t) => `(${v}) ${t.sentence()}`,
];

/** A slice of the value's middle: a partial mask that leaves it visible still counts as a leak. */
function middle(value: string): string {
  const core = value.replace(/^-----BEGIN [A-Z ]+-----\n/, "");
  const n = Math.min(8, Math.max(4, Math.floor(core.length / 3)));
  const from = Math.floor((core.length - n) / 2);
  return core.slice(from, from + n);
}

export function positiveCases(perFormat = 60, seed = 12): PositiveCase[] {
  const t = corpusTools(seed);
  const cases: PositiveCase[] = [];
  for (const [format, make] of FORMATS) {
    for (let i = 0; i < perFormat; i++) {
      const { value, text } = make(t, i);
      const context = CONTEXTS[i % CONTEXTS.length];
      const fragments = [value, middle(value)];
      const local = format.startsWith("email") ? value.split(/[@＠]/)[0] : "";
      if (local.length >= 5) fragments.push(`${local}@`, `${local}＠`);
      cases.push({ format, text: context(text ?? value, t), fragments });
    }
  }
  return cases;
}
