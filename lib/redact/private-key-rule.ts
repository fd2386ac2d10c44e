/**
 * PEM private-key blocks, found with indexOf rather than a lazy `[\s\S]*?` regex: with many
 * BEGIN lines and no END line, a lazy regex rescans the rest of the text for each BEGIN
 * (quadratic); here a missing END is noticed once.
 */
import { redactionToken, type RedactionRule } from "./rule";

const BEGIN = "-----BEGIN ";
const DASHES = "-----";
const MAX_LABEL = 60;
/**
 * A truncated block (no END line): the base64 lines that follow, real or JSON-escaped newlines.
 * Lines shorter than 8 characters are left alone so the prose after the block survives.
 */
const BODY = /(?:(?:\r?\n|\\r\\n|\\n)[A-Za-z0-9+/=]{8,})*/y;

function redactPrivateKeys(text: string): string {
  const token = redactionToken("PRIVATE_KEY");
  let out = "";
  let copied = 0;
  let from = 0;
  let endMissing = false;
  for (;;) {
    const begin = text.indexOf(BEGIN, from);
    if (begin === -1) break;
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
    if (labelEnd === -1) break;
    const label = text.slice(begin + BEGIN.length, labelEnd);
    if (label.length > MAX_LABEL || !label.includes("PRIVATE KEY")) {
      from = begin + BEGIN.length;
      continue;
    }
    let stop = -1;
    if (!endMissing) {
      const end = text.indexOf("-----END ", labelEnd + DASHES.length);
      if (end === -1) endMissing = true;
      else {
        const close = text.indexOf(DASHES, end + 9);
        stop = close !== -1 && close - end < MAX_LABEL + 9 ? close + DASHES.length : end + 9;
      }
    }
    if (stop === -1) {
      BODY.lastIndex = labelEnd + DASHES.length;
      BODY.exec(text);
      stop = BODY.lastIndex;
    }
    out += text.slice(copied, begin) + token;
    copied = from = stop;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export const privateKeyRule: RedactionRule = {
  type: "PRIVATE_KEY",
  hints: [BEGIN],
  apply: redactPrivateKeys,
};
