/**
 * Bare numbers that are personal only in context. A bare 9-digit number is an SSN, and a bare
 * 10-11-digit number a phone, only when a cue word comes just before it ("my ssn 219099999",
 * "call 4155552674", `"phone": "4155552674"`). Without a cue they stay: order numbers, ids,
 * epoch seconds and amounts look the same. A cue followed by an id word ("call about order
 * 4155552674") or a currency sign does not count.
 */
import { redactionToken, regexRule, type RedactionRule } from "./rule";

const SSN_CUE = "ssn|ss#|social[ _-]?security(?:[ _-]?(?:number|no|num|#))?|itin|tax[ _-]?id";
const PHONE_CUE =
  "call|calls|called|calling|phone|phone[ _-]?number|ph|tel|telephone|mobile|cell|cellphone|text|text me|txt|sms|whatsapp|fax|contact number|reach me|ring me|dial|callback|call[ _-]?back";

/** Words between the cue and the number that make it something else. */
const NOT_PERSONAL =
  /order|ticket|invoice|case|ref|account|acct|id\b|#|no\.|number of|\$|€|£|usd|eur|amount|total|balance|price|count|version|build|port/i;

const IS_SSN_CUE = new RegExp(`^(?:${SSN_CUE})$`, "i");

/**
 * The cue, up to 24 characters of filler without digits or line breaks, then the number as a
 * whole token. Filler is one bounded class, so a failed attempt costs at most 24 steps.
 */
const cueNumber = regexRule({
  type: "PHONE",
  gate: (f) => f.midRuns >= 1,
  pattern: new RegExp(
    `(?<![A-Za-z0-9])(${SSN_CUE}|${PHONE_CUE})(?![A-Za-z0-9])([^0-9\\r\\n]{0,24}?)(?<![0-9A-Za-z_.+-])([0-9]{9,11})(?![0-9A-Za-z_]|[.,-][0-9])`,
    "gi",
  ),
  replace: (match: string, cue: string, filler: string, number: string) => {
    if (NOT_PERSONAL.test(filler)) return match;
    if (IS_SSN_CUE.test(cue))
      return number.length === 9 && number !== "000000000" ? cue + filler + redactionToken("SSN") : match;
    // NANP: 10 digits with an area code 2-9, or 11 with the country code 1.
    const nanp =
      number.length === 10 ? number[0] >= "2" : number.length === 11 && number[0] === "1" && number[1] >= "2";
    return nanp ? cue + filler + redactionToken("PHONE") : match;
  },
});

export const cueNumberRules: readonly RedactionRule[] = [cueNumber];
