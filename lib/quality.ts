/**
 * Fact-recall quality score: which expected facts a response states. Both the response and
 * each fact are normalised to the same token stream (number words to digits, currency to
 * "<n> usd", "5 to 10" to "5-10", plurals and filler words dropped), and a fact is a hit when
 * its tokens appear contiguously in the response. So "fourteen days", "14-day" and "14 Days"
 * all state "14 days", and "$1,500.00" states "USD 1500". Never throws on odd input.
 *
 * A wrong figure costs more than a missing one: a missed fact whose quantity (a duration, a price,
 * a percentage) the response states with another value, such as "a couple of weeks" where the
 * knowledge base says 30 days, is *contradicted*, and each contradiction takes one stated fact
 * off the score. A value that is another expected fact of the same question is not a contradiction,
 * nor is an exact figure found in `context` (the passages the answer drew on: "kept 30 days"
 * from another article is a different fact, not a wrong one). A vague count ("a couple of",
 * "a few") always is: it is what a paraphrase puts where a figure was.
 */
export interface QualityScore {
  /** (facts stated - facts contradicted) / facts expected, 0..100 (one decimal, never below 0). No expected facts scores 100. */
  score: number;
  hits: string[];
  misses: string[];
  /** Missed facts the response states a different value for (a subset of `misses`). */
  contradicted: { fact: string; stated: string }[];
}

/** A fact, or a list of acceptable phrasings of one fact (any one counts). */
export type ExpectedFact = string | readonly string[];

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };
const CURRENCY_WORDS: Record<string, string> = {
  $: "usd",
  usd: "usd",
  dollar: "usd",
  dollars: "usd",
  "€": "eur",
  eur: "eur",
  euro: "eur",
  euros: "eur",
  "£": "gbp",
  gbp: "gbp",
};
const SYNONYMS: Record<string, string> = {
  monthly: "month",
  yearly: "year",
  annually: "year",
  daily: "day",
  hourly: "hour",
  weekly: "week",
  min: "minute",
  mins: "minute",
  sec: "second",
  secs: "second",
  hr: "hour",
  hrs: "hour",
  "%": "percent",
  pct: "percent",
};
/** Filler that varies between phrasings of the same fact ("$49 per month" / "$49 a month"). */
const FILLER = new Set(["a", "an", "the", "per", "each", "every", "of"]);

const isNumber = (token: string) => /^\d+(\.\d+)?$/.test(token);
const isNumberWord = (token: string) =>
  token in UNITS || token in TENS || token === "hundred" || token in SCALES;
const canonicalNumber = (value: number) => String(Number(value.toFixed(6)));

/** Turns runs like "one hundred twenty-five" (already split on hyphens) into one number. */
function wordsToNumber(words: string[]): number {
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (word in UNITS) current += UNITS[word];
    else if (word in TENS) current += TENS[word];
    else if (word === "hundred") current = (current || 1) * 100;
    else if (word in SCALES) {
      total += (current || 1) * SCALES[word];
      current = 0;
    }
  }
  return total + current;
}

function rawTokens(text: string): string[] {
  const prepared = text
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    .replace(/(\d)\s*-\s*(?=\d)/g, "$1 to ")
    .replace(/\b(\d+)(?:st|nd|rd|th)\b/g, "$1")
    .replace(/\b(\d+(?:\.\d+)?)k\b/g, (_, n: string) => canonicalNumber(Number(n) * 1000))
    .replace(/\bper\s+cent\b/g, "percent")
    .replace(/\b24\s*\/\s*7\b/g, "24x7")
    .replace(/\//g, " per ");
  return prepared.match(/\d+(?:\.\d+)?|[a-z]+|[$€£%]/g) ?? [];
}

/** The normalised token stream both sides of a match are reduced to. Exported for tests and notebooks. */
export function normalizeForMatch(text: string): string[] {
  const tokens = rawTokens(typeof text === "string" ? text : String(text ?? ""));
  // 1. Number words and scale words to digits: "five million" -> 5000000, "1.5 million" -> 1500000.
  const numbers: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (
      isNumberWord(tokens[i]) &&
      !(tokens[i] in SCALES && numbers.length && isNumber(numbers[numbers.length - 1]))
    ) {
      const run: string[] = [];
      while (
        i < tokens.length &&
        (isNumberWord(tokens[i]) || (tokens[i] === "and" && isNumberWord(tokens[i + 1] ?? "") && run.length))
      ) {
        if (tokens[i] !== "and") run.push(tokens[i]);
        i++;
      }
      i--;
      numbers.push(canonicalNumber(wordsToNumber(run)));
    } else if (tokens[i] in SCALES && numbers.length && isNumber(numbers[numbers.length - 1])) {
      numbers.push(canonicalNumber(Number(numbers.pop()) * SCALES[tokens[i]]));
    } else {
      numbers.push(isNumber(tokens[i]) ? canonicalNumber(Number(tokens[i])) : tokens[i]);
    }
  }
  // 2. Currency to "<n> <code>" whichever side the symbol was on; ranges to "a-b".
  const out: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const token = numbers[i];
    const next = numbers[i + 1];
    if (
      token in CURRENCY_WORDS &&
      next !== undefined &&
      isNumber(next) &&
      !(i > 0 && isNumber(numbers[i - 1]))
    ) {
      out.push(next, CURRENCY_WORDS[token]);
      i++;
    } else if (
      token === "between" &&
      isNumber(next ?? "") &&
      numbers[i + 2] === "and" &&
      isNumber(numbers[i + 3] ?? "")
    ) {
      out.push(`${next}-${numbers[i + 3]}`);
      i += 3;
    } else if (isNumber(token) && (next === "to" || next === "through") && isNumber(numbers[i + 2] ?? "")) {
      out.push(`${token}-${numbers[i + 2]}`);
      i += 2;
    } else if (token in CURRENCY_WORDS && i > 0 && isNumber(numbers[i - 1])) {
      out.push(CURRENCY_WORDS[token]);
    } else {
      out.push(token);
    }
  }
  // 3. Word forms: synonyms, filler, plurals ("days" -> "day", "retries" -> "retry").
  return out
    .map((t) => SYNONYMS[t] ?? t)
    .filter((t) => !FILLER.has(t))
    .map((t) =>
      isNumber(t) || t.includes("-")
        ? t
        : t.length > 4 && t.endsWith("ies")
          ? t.slice(0, -3) + "y"
          : t.length > 3 && /[^su]s$/.test(t)
            ? t.slice(0, -1)
            : t,
    );
}

const containsRun = (haystack: readonly string[], needle: readonly string[]) => {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};

/** Minutes per time unit, so "2 weeks" and "14 days" compare equal. */
const TIME_UNITS: Record<string, number> = {
  second: 1 / 60,
  minute: 1,
  hour: 60,
  day: 1440,
  week: 10080,
  month: 43200,
  year: 525600,
};
/** Vague counts as ranges: "a couple of weeks" is 2 weeks, "a few days" 2-4 days. */
const VAGUE_COUNTS: Record<string, [number, number]> = { couple: [2, 2], few: [2, 4], several: [3, 7] };
const MEASURES = new Set(["usd", "eur", "gbp", "percent"]);

/** A quantity stated in normalised tokens: its dimension and value range (time in minutes). */
export interface Quantity {
  dimension: string;
  low: number;
  high: number;
  text: string;
  /** Stated as "a couple of", "a few", "several" rather than a figure. */
  vague: boolean;
}

/** The durations, amounts of money and percentages in a normalised token stream. */
export function quantitiesIn(tokens: readonly string[]): Quantity[] {
  const found: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const range =
      VAGUE_COUNTS[token] ??
      (isNumber(token)
        ? [Number(token), Number(token)]
        : /^\d+(\.\d+)?-\d+(\.\d+)?$/.test(token)
          ? (token.split("-").map(Number) as [number, number])
          : undefined);
    if (!range) continue;
    let j = i + 1;
    // "business days" are a different clock from calendar days: never compared with them.
    const business = tokens[j] === "business";
    if (business) j++;
    const unit = tokens[j] ?? "";
    if (unit in TIME_UNITS) {
      const f = TIME_UNITS[unit];
      found.push({
        dimension: business ? "business time" : "time",
        low: range[0] * f,
        high: range[1] * f,
        text: tokens.slice(i, j + 1).join(" "),
        vague: token in VAGUE_COUNTS,
      });
    } else if (!business && MEASURES.has(unit)) {
      found.push({
        dimension: unit,
        low: range[0],
        high: range[1],
        text: tokens.slice(i, j + 1).join(" "),
        vague: token in VAGUE_COUNTS,
      });
    }
  }
  return found;
}

const overlaps = (a: Quantity, b: Quantity) =>
  a.dimension === b.dimension && a.low <= b.high + 1e-9 && b.low <= a.high + 1e-9;

export interface ScoreOptions {
  /** The passages the answer was grounded in: exact figures found there are not contradictions. */
  context?: string;
}

/** Scores `text` by the share of `expectedFacts` it states, minus the ones it contradicts. */
export function scoreResponse(
  text: string,
  expectedFacts: readonly ExpectedFact[],
  options: ScoreOptions = {},
): QualityScore {
  const haystack = normalizeForMatch(text);
  const grounded = options.context
    ? quantitiesIn(normalizeForMatch(options.context)).filter((q) => !q.vague)
    : [];
  const facts = (expectedFacts ?? []).map((fact) => {
    const phrasings = (typeof fact === "string" ? [fact] : [...fact]).map(String);
    const normalized = phrasings.map((p) => normalizeForMatch(p));
    return {
      label: phrasings.join(" | "),
      hit: normalized.some((n) => containsRun(haystack, n)),
      quantities: normalized.flatMap((n) => quantitiesIn(n)),
    };
  });
  const expectedQuantities = facts.flatMap((f) => f.quantities);
  // What the response states that is not one of this question's expected values.
  const otherValues = quantitiesIn(haystack).filter(
    (q) =>
      !expectedQuantities.some((e) => overlaps(q, e)) && (q.vague || !grounded.some((g) => overlaps(q, g))),
  );
  const hits: string[] = [];
  const misses: string[] = [];
  const contradicted: QualityScore["contradicted"] = [];
  for (const fact of facts) {
    if (fact.hit) {
      hits.push(fact.label);
      continue;
    }
    misses.push(fact.label);
    const wrong = otherValues.find((q) => fact.quantities.some((e) => e.dimension === q.dimension));
    if (wrong) contradicted.push({ fact: fact.label, stated: wrong.text });
  }
  const total = facts.length;
  const score =
    total === 0 ? 100 : Math.round((Math.max(0, hits.length - contradicted.length) / total) * 1000) / 10;
  return { score, hits, misses, contradicted };
}
