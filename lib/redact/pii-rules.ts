/**
 * Personal data: emails, payment cards, SSNs, phone numbers, IPv4 addresses. Numbers are matched
 * only as whole tokens (never inside a longer digit run, word, version or date) so the numbers
 * traces exist for (ids, timestamps, epoch ms, latencies, token counts, prices) stay.
 * Order: cards before SSNs before phones, so the most specific reading names the token.
 */
import { emailRule } from "./email-rule";
import { issuerAccepts } from "./payment-card";
import { redactionToken, regexRule, type RedactionRule } from "./rule";

/** A whole-token number: not glued to a word, a longer number, a version or a decimal. */
const NOT_AFTER = "(?<![A-Za-z0-9_.,+-])";
const NOT_BEFORE = "(?![A-Za-z0-9_]|[.,-]?[0-9])";

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
        if (n % 2 === 0) (doubleEven += dd), (doubleOdd += d);
        else (doubleEven += d), (doubleOdd += dd);
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

/** Payment cards: 13-19 digits, optionally grouped by single spaces or dashes, valid issuer prefix and Luhn checksum. */
const card = regexRule({
  type: "CARD",
  // Gate: eight digits, at most one separator between. Every card format has that.
  hintPattern: /[0-9]{4}[ -]?[0-9]{4}/,
  // The first group of every card format has at least 4 digits; 13 characters must follow the start.
  pattern: new RegExp(`${NOT_AFTER}[0-9]{4}(?=[0-9 -]{9})[0-9]{0,15}(?:[ -][0-9]{1,19}){0,7}${NOT_BEFORE}`, "g"),
  replace: redactCardRun,
});

/** SSN-like numbers: 3-2-4 digits with the same dash or space twice (ITINs, 9xx, included). */
const ssn = regexRule({
  type: "SSN",
  hintPattern: /[0-9]{3}/,
  pattern: new RegExp(`${NOT_AFTER}[0-9]{3}([ -])[0-9]{2}\\1[0-9]{4}${NOT_BEFORE}`, "g"),
});

/**
 * International numbers written with a leading `+`: `+44 20 7946 0958`, `+14155552671`,
 * `+1 (415) 555-2671`. One character a step, each step's choice fixed by the next character,
 * so the scan is linear; the callback keeps only E.164 lengths (8-15 digits).
 */
const internationalPhone = regexRule({
  type: "PHONE",
  hints: ["+"],
  // The look-ahead needs 7 more phone characters before any work is done per `+`.
  pattern: /(?<![A-Za-z0-9_+])\+[1-9](?=[0-9 .()-]{7})(?:[0-9]|[ .-](?=[0-9(])|\((?=[0-9])|\)(?=[ .-]?[0-9]))*/g,
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
  hintPattern: /[0-9]{3}/,
  pattern: new RegExp(
    `(?:${NOT_AFTER}(?:1[ .-]?)?(?:[0-9]{3}[ .-]|\\([0-9]{3}\\)[ .-]?)|(?<![0-9+])\\([0-9]{3}\\)[ .-]?)[0-9]{3}[ .-][0-9]{4}${NOT_BEFORE}`,
    "g",
  ),
});

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/** IPv4 addresses, except loopback and 0.0.0.0 (service addresses, not people). */
const ipv4 = regexRule({
  type: "IP_ADDRESS",
  hintPattern: /[0-9]\.[0-9]/,
  pattern: new RegExp(`(?<![A-Za-z0-9_.])(?:${OCTET}\\.){3}${OCTET}(?![A-Za-z0-9_]|\\.[0-9])`, "g"),
  replace: (ip: string) => (ip.startsWith("127.") || ip === "0.0.0.0" ? ip : redactionToken("IP_ADDRESS")),
});

export const piiRules: readonly RedactionRule[] = [emailRule, card, ssn, internationalPhone, usPhone, ipv4];
