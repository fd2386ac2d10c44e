/**
 * Payment-card checks: a digit run is a card number only if its length and issuer prefix fit a
 * real scheme and its Luhn checksum is valid. This keeps epoch milliseconds (13 digits starting
 * with 1), trace ids and order numbers out of the redactor's way. The checks read digits in
 * place (separators skipped) rather than building strings: the redactor calls them per number.
 */

const digitAt = (text: string, i: number) => text.charCodeAt(i) - 48;
const isDigit = (d: number) => d >= 0 && d <= 9;

/**
 * Luhn (mod 10) checksum over the digits of `text[from, to)`, separators ignored. The redactor
 * (pii-rules.ts) computes the same checksum inline in its single pass; this plain version is the
 * tests' oracle for it.
 */
export function luhnValid(text: string, from = 0, to = text.length): boolean {
  let sum = 0;
  let double = false;
  let count = 0;
  for (let i = to - 1; i >= from; i--) {
    let d = digitAt(text, i);
    if (!isDigit(d)) continue;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    count++;
  }
  return count > 0 && sum % 10 === 0;
}

/**
 * Issuer ranges (IIN) with their lengths: Visa, Mastercard, Amex, Discover, JCB, Diners,
 * UnionPay, Maestro. `p4` is the number's first four digits, `n` its digit count.
 */
export function issuerAccepts(p4: number, n: number): boolean {
  if (n < 13 || n > 19) return false;
  const p2 = Math.floor(p4 / 100);
  const p3 = Math.floor(p4 / 10);
  if (p4 >= 4000 && p4 <= 4999) return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return n >= 16; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) return n >= 14; // Diners Club
  if (p2 === 62) return n >= 16; // UnionPay
  return p2 === 50 || (p2 >= 56 && p2 <= 69); // Maestro (12-19 digits)
}
