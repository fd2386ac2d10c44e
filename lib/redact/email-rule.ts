/**
 * Emails (RFC 5322 dot-atom: plus-addressing, subdomains), found from each `@` outwards rather
 * than by a regex that starts at every word: the local part is scanned left from the `@`, the
 * domain right of it (labels of letters, digits and hyphens, the last one at least two letters,
 * as `[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}` would match). Neither scan crosses
 * another `@`, so the total work is linear and text without an `@` costs one `indexOf`.
 * Address literals (`alice@[192.168.0.1]`, `bob@[IPv6:2001:db8::1]`) are emails too: the whole
 * address goes, so neither the user nor the IP stays visible.
 */
import { isIP } from "node:net";
import { redactionToken, type RedactionRule } from "./rule";

function isLocalChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 46 ||
    code === 95 ||
    code === 37 ||
    code === 43 ||
    code === 45 // . _ % + -
  );
}

const isLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
const isLabelChar = (code: number) => isLetter(code) || (code >= 48 && code <= 57) || code === 45; // letters, digits, -

/** End of an address literal `[1.2.3.4]` / `[IPv6:…]` starting at `from` (the `[`), or -1. */
function literalEnd(text: string, from: number): number {
  const close = text.indexOf("]", from + 1);
  if (close === -1 || close - from > 52) return -1;
  const inside = text.slice(from + 1, close);
  const ip = inside.slice(0, 5).toLowerCase() === "ipv6:" ? inside.slice(5) : inside;
  return isIP(ip) ? close + 1 : -1;
}

/** End of the email domain starting at `from`, or -1: the longest `label(.label)*.tld` prefix. */
function domainEnd(text: string, from: number): number {
  if (text.charCodeAt(from) === 91) return literalEnd(text, from); // "["
  let end = -1;
  let i = from;
  let labels = 0;
  for (;;) {
    const labelStart = i;
    let letters = 0; // leading letters of this label: a TLD candidate
    while (i < text.length && isLabelChar(text.charCodeAt(i))) {
      if (letters === i - labelStart && isLetter(text.charCodeAt(i))) letters++;
      i++;
    }
    if (i === labelStart) return end; // empty label: "a@b..c" or "a@.b"
    if (labels > 0 && letters >= 2) end = labelStart + letters;
    labels++;
    if (i >= text.length || text.charCodeAt(i) !== 46) return end; // no "." follows
    i++;
  }
}

function redactEmails(text: string): string {
  const token = redactionToken("EMAIL");
  let out = "";
  let copied = 0;
  let at = text.indexOf("@");
  while (at !== -1) {
    let start = at;
    while (start > copied && isLocalChar(text.charCodeAt(start - 1))) start--;
    const end = start < at ? domainEnd(text, at + 1) : -1;
    if (end !== -1) {
      out += text.slice(copied, start) + token;
      copied = end;
      at = text.indexOf("@", copied);
      continue;
    }
    at = text.indexOf("@", at + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export const emailRule: RedactionRule = { type: "EMAIL", hints: ["@"], apply: redactEmails };
