/**
 * The terms retrieval (and the simulator's sentence picking) match on: lowercase alphanumeric
 * runs, English stop words removed, and a five-rule suffix stripper so "refunded", "refunds"
 * and "refund" meet. Deliberately tiny (no Porter stemmer): terms with digits stay as they are,
 * so ids such as "ord-20417" or "us-east-1" are never blurred.
 */
const STOP_WORDS = new Set(
  (
    "a about after again all also am an and any are as at be because been before being but by can could did do does doing " +
    "don for from get got had has have having he her here hers him his how i if in into is isn it its just me more most my " +
    "no nor not now of off on once only or other our out over own please same she should so some still such than that the " +
    "their them then there these they this those through to too under until up very was we were what when where which while " +
    "who whom why will with would you your yours hi hello thanks thank tell know need want im ive"
  ).split(" "),
);

/** "policies" -> "policy", "processing" -> "process", "refunded" -> "refund", "charges"/"charge" -> "charg"; "status" kept. */
export function stem(word: string): string {
  if (/\d/.test(word)) return word;
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 3 && /[^su]s$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** The content terms of `text`, in order, duplicates kept (BM25 needs term frequencies). */
export function terms(text: string): string[] {
  const words =
    String(text ?? "")
      .toLowerCase()
      .replace(/['\u2019]/g, "")
      .match(/[a-z0-9]+/g) ?? [];
  return words.filter((w) => !STOP_WORDS.has(w)).map(stem);
}
