/**
 * Number formatting for the report. Inputs are the values the notebooks wrote; the report never
 * rounds a number into a different claim (costs keep three significant digits).
 */
import { escapeHtml } from "../format";

const group = (value: number, digits: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** 1840.4 → "1,840 ms". */
export const ms = (value: number) => `${group(value, 0)} ms`;

/** A count: 100000 → "100,000". */
export const int = (value: number) => group(value, 0);

/** A value already in percent (0..100): 3.41 → "3.4%". */
export const pct = (value: number, digits = 1) => `${group(value, digits)}%`;

/** A fraction (0..1) shown as a percent: 0.1002 → "10.02%". */
export const fractionPct = (value: number, digits = 2) => `${group(value * 100, digits)}%`;

/** USD with three significant digits below $1: 0.000523 → "$0.000523". */
export const usd = (value: number) =>
  Math.abs(value) >= 1 || value === 0 ? `$${group(value, 2)}` : `$${Number(value.toPrecision(3))}`;

/** A plain number with `digits` decimals: 0.8234 → "0.82". */
export const fixed = (value: number, digits = 2) => group(value, digits);

/** Escapes text from an output file for Markdown and HTML, so values are shown, never interpreted. */
export function text(value: string): string {
  return escapeHtml(value).replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1");
}

/** An identifier from an output file as inline code inside Markdown (HTML, so no Markdown escaping shows). */
export const code = (value: string) => `<code>${html(value)}</code>`;

/** Escapes text for raw HTML (tables), where Markdown is not parsed: the notebooks' escaper, under a short name. */
export const html = escapeHtml;

/** Shortens long sample text for a table cell, saying how much was cut. */
export function clip(value: string, max = 90): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}… (+${value.length - max + 1} chars)`;
}

/**
 * Two values of one measure in a sentence: "both 100%" when they print the same, "19.7 and 90.8"
 * otherwise, so a sentence never reads "100% and 100%".
 */
export function both(a: string, b: string): string {
  return a === b ? `both ${a}` : `${a} and ${b}`;
}

/** "a", "a and b", "a, b and c". */
export const listed = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}` : items.join("");

/** "1 error" / "6 errors": a count with its noun. */
export const plural = (n: number, one: string, many = `${one}s`) => `${int(n)} ${n === 1 ? one : many}`;

/** "all 2,469" when every one was kept, else "2,400 of 2,469": never "2,469 of 2,469" (and never "all 0"). */
export const ofAll = (part: number, whole: number) =>
  part === whole && whole > 0 ? `all ${int(whole)}` : `${int(part)} of ${int(whole)}`;

/** "3.5× more" / "the same": how many times `a` is of `b`, for sentences that compare two measurements. */
export function times(a: number, b: number, digits = 1): string {
  return b === 0 ? "n/a" : `${fixed(a / b, digits)}×`;
}

/** A time as the report prints it, in UTC: "2026-11-29 09:51" (to the minute) or with seconds. */
export const utc = (time: Date | number, { seconds = false } = {}): string =>
  new Date(time)
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace("T", " ");
