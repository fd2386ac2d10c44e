/**
 * Secrets hidden in base64: a Langfuse basic-auth credential is base64(`pk-lf-…:sk-lf-…`), and
 * it turns up bare in documents and configs ("rotate cGstbGYt… every 90 days"). Like trufflehog,
 * long base64 and base64url runs are decoded and searched with the same vendor key patterns the
 * plain-text rule uses (api-key-rules.ts), and for PEM private keys. The cost stays
 * bounded: each run is decoded once (output shorter than the run), only if it can be the
 * encoding of text, runs longer than 4 KB are skipped (images and blobs), and the search is one
 * regex over the decoded bytes. A secret encoded after binary bytes is not found.
 */
import { Buffer } from "node:buffer";
import { VENDOR_KEY_SOURCE } from "./api-key-rules";
import { redactionToken, type RedactionRule } from "./rule";

const MIN_RUN = 24;
const MAX_RUN = 4096;
/**
 * What counts as a secret inside decoded text: any vendor key the plain-text rule knows, or a PEM
 * block. The vendor patterns are the plain-text ones with every minimum length cut to 3: text that
 * came out of base64 after a known prefix is already a strong sign, and short or placeholder keys
 * (`pk-lf-local:sk-lf-local`) are credentials too.
 */
const KNOWN_SECRET = new RegExp(
  `${VENDOR_KEY_SOURCE.replace(/\{\d+,\}/g, "{3,}")}|-----BEGIN [A-Z ]*PRIVATE KEY`,
);

/**
 * Base64 of printable ASCII: each 4-character group starts with a character worth 8-31
 * (`I`-`Z`, `a`-`f`), because the group's first byte is 0x20-0x7E. Three groups checked skip
 * hex ids, words and random blobs without decoding them.
 */
function looksLikeEncodedText(run: string): boolean {
  for (let i = 0; i < 12; i += 4) {
    const c = run.charCodeAt(i);
    if (!((c >= 73 && c <= 90) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

export function decodesToSecret(run: string): boolean {
  if (run.length < MIN_RUN || run.length > MAX_RUN || !looksLikeEncodedText(run)) return false;
  const decoded = Buffer.from(run, "base64").toString("latin1");
  return KNOWN_SECRET.test(decoded);
}

/** base64 and base64url characters; `=` is padding, allowed only at a run's end. */
const IN_RUN = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
  IN_RUN[c.charCodeAt(0)] = 1;
const inRun = (code: number) => code < 128 && IN_RUN[code] === 1;

/** Whole runs of base64 characters (not glued to more of them), found with one scan of the text. */
function redactEncodedSecrets(text: string): string {
  const token = redactionToken("ENCODED_SECRET");
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!inRun(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && inRun(text.charCodeAt(i))) i++;
    let end = i;
    while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++; // "=" padding
    if (end - start >= MIN_RUN && decodesToSecret(text.slice(start, i))) {
      out += text.slice(copied, start) + token;
      copied = end;
    }
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export const base64CredentialRule: RedactionRule = {
  type: "ENCODED_SECRET",
  gate: (f) => f.base64Run >= MIN_RUN,
  apply: redactEncodedSecrets,
};
