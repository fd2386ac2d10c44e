/**
 * Personal data: emails, payment cards, SSNs, phone numbers, IPv4 and IPv6 addresses. Numbers are matched
 * only as whole tokens (never inside a longer digit run, word, version or date) so the numbers
 * traces exist for (ids, timestamps, epoch ms, latencies, token counts, prices) stay.
 * Order: cards before SSNs before phones, so the most specific reading names the token.
 */
import { cueNumberRules } from "./cue-numbers";
import { emailRule } from "./email-rule";
import { ipv6Rule } from "./ipv6-rule";
import { followsIdentifierLabel } from "./id-context";
import { issuerAccepts } from "./payment-card";
import { gated, redactionToken, regexRule, type RedactionRule } from "./rule";

/**
 * A whole-token number: not glued to a word, a longer number, a version or a decimal, nor the
 * start of a hyphenated token (`66417483-7711-4158-bf40-…` is a UUID, not a card).
 */
const NOT_AFTER = "(?<![A-Za-z0-9_.,+-])";
/**
 * A first digit with NOT_AFTER checked behind it: a pattern that starts with a character class
 * lets V8 skip ahead to the next digit, where a leading look-behind is tried at every position.
 */
const FIRST_DIGIT = "[0-9](?<![A-Za-z0-9_.,+-][0-9])";
const NOT_BEFORE = "(?![A-Za-z0-9_]|[.,-]?[0-9]|[-_][A-Za-z])";

const ALL_DIGIT_UUID = /^[0-9]{8}-[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{12}$/;

/** Card, SSN and phone readings never apply to an identifier: a UUID, or a value right after an id label. */
const isIdentifierAt = (match: string, offset: number, text: string) =>
  ALL_DIGIT_UUID.test(match) || followsIdentifierLabel(text, offset);

/**
 * Finds cards inside a run of digit groups (single spaces or dashes between): usually the whole
 * run, else a card next to other numbers ("4111 1111 1111 1111 2027"). A card is the longest
 * window of whole groups with 13-19 digits that passes the issuer and Luhn checks.
 */
function redactCardRun(run: string): string {
  let out = "";
  let copied = 0;
  let from = 0; // start of the current group
  while (from < run.length) {
    // One scan from `from` checks every window: the Luhn sum is kept both ways (doubling the
    // digits at even or at odd positions from the left) and the window's length picks one.
    let found = -1;
    let groupEnd = -1;
    let n = 0;
    let p4 = 0;
    let doubleEven = 0;
    let doubleOdd = 0;
    for (let i = from; i <= run.length; i++) {
      const d = i < run.length ? run.charCodeAt(i) - 48 : -1;
      if (d >= 0 && d <= 9) {
        const dd = d * 2 > 9 ? d * 2 - 9 : d * 2;
        if (n % 2 === 0) {
          doubleEven += dd;
          doubleOdd += d;
        } else {
          doubleEven += d;
          doubleOdd += dd;
        }
        if (n < 4) p4 = p4 * 10 + d;
        n++;
        continue;
      }
      if (groupEnd === -1) groupEnd = i;
      if (n > 19) break;
      if ((n % 2 === 0 ? doubleEven : doubleOdd) % 10 === 0 && issuerAccepts(p4, n)) found = i;
    }
    if (found !== -1) {
      out += run.slice(copied, from) + redactionToken("CARD"); // strings are built only around a card
      copied = found;
    }
    from = (found === -1 ? groupEnd : found) + 1;
  }
  return copied === 0 ? run : out + run.slice(copied);
}

/** Separators between card digit groups: one to three spaces, tabs, dots, dashes, slashes or underscores. */
const CARD_SEP = "[ \\t./_-]{1,3}";

/**
 * Payment cards: 13-19 digits, whole or grouped by any separator (`4111.1111.1111.1111`,
 * `4111  1111  1111  1111`), with a valid issuer prefix and Luhn checksum.
 */
const card = regexRule({
  type: "CARD",
  // Eight digits, at most three separator characters between (counted by textFeatures): every card format has that.
  gate: (f) =>
    f.digits >= 13 && (f.digitRun >= 13 || (f.digitSeps >= 1 && (f.digitRun >= 8 || f.cardPairs >= 1))),
  // The first group of every card format has at least 4 digits; 13 characters must follow the start.
  pattern: new RegExp(
    `${FIRST_DIGIT}[0-9]{3}(?=[0-9 \\t./_-]{9})[0-9]{0,15}(?:${CARD_SEP}[0-9]{1,19}){0,7}${NOT_BEFORE}`,
    "g",
  ),
  // The Luhn scan first: most digit runs hold no card, and then the identifier look-back is not needed.
  replace: (run: string, offset: number, text: string) => {
    const out = redactCardRun(run);
    return out === run || isIdentifierAt(run, offset, text) ? run : out;
  },
});

/** SSN-like numbers: 3-2-4 digits with the same dash, space or dot twice (ITINs, 9xx, included). */
const ssn = regexRule({
  type: "SSN",
  gate: (f) => f.ssnShapes >= 1,
  pattern: new RegExp(`${FIRST_DIGIT}[0-9]{2}([ .-])[0-9]{2}\\1[0-9]{4}${NOT_BEFORE}`, "g"),
  replace: (match: string, _sep: string, offset: number, text: string) =>
    isIdentifierAt(match, offset, text) ? match : redactionToken("SSN"),
});

/**
 * International numbers written with a leading `+`: `+44 20 7946 0958`, `+14155552671`,
 * `+1 (415) 555-2671`. One character a step, each step's choice fixed by the next character,
 * so the scan is linear; the callback keeps only E.164 lengths (8-15 digits).
 */
const internationalPhone = regexRule({
  type: "PHONE",
  gate: (f) => f.plus && f.digits >= 8,
  // The look-ahead needs 7 more phone characters before any work is done per `+`.
  pattern:
    /(?<![A-Za-z0-9_+])\+[1-9](?=[0-9 .()-]{7})(?:[0-9]|[ .-](?=[0-9(])|\((?=[0-9])|\)(?=[ .-]?[0-9]))*/g,
  replace: (match: string) => {
    const digits = match.replace(/[^0-9]/g, "").length;
    return digits >= 8 && digits <= 15 ? redactionToken("PHONE") : match;
  },
});

/**
 * US numbers: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `415 555 2671`, `1-415-555-2671`.
 * Separators are required: a bare 10-digit run is as likely an epoch second or an order number.
 */
const usPhone = regexRule({
  type: "PHONE",
  // Every form ends in exactly 3 digits, one space, dot or dash, and exactly 4 digits.
  gate: (f) => f.digits >= 10 && f.phoneTails >= 1,
  pattern: new RegExp(
    `(?:${NOT_AFTER}(?:1[ .-]?)?(?:[0-9]{3}[ .-]|\\([0-9]{3}\\)[ .-]?)|(?<![0-9+])\\([0-9]{3}\\)[ .-]?)[0-9]{3}[ .-][0-9]{4}${NOT_BEFORE}`,
    "g",
  ),
  replace: (match: string, offset: number, text: string) =>
    isIdentifierAt(match, offset, text) ? match : redactionToken("PHONE"),
});

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/** IPv4 addresses, except loopback and 0.0.0.0 (service addresses, not people). */
const ipv4 = regexRule({
  type: "IP_ADDRESS",
  gate: (f) => f.dotGroups >= 3,
  pattern: new RegExp(`(?<![A-Za-z0-9_.])(?:${OCTET}\\.){3}${OCTET}(?![A-Za-z0-9_]|\\.[0-9])`, "g"),
  replace: (ip: string) => (ip.startsWith("127.") || ip === "0.0.0.0" ? ip : redactionToken("IP_ADDRESS")),
});

/** Order: emails (address literals hold IPs), cards, SSNs, cue-word numbers, phones, then addresses. */
export const piiRules: readonly RedactionRule[] = [
  gated(emailRule, (f) => f.at),
  card,
  ssn,
  ...cueNumberRules,
  internationalPhone,
  usPhone,
  ipv4,
  ipv6Rule,
];
