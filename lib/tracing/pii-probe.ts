/**
 * Requests full of PII and secrets, and the check that none of it reached a trace backend.
 * Each request plants an email, a phone number, an SSN, an API key and a raw user id in
 * realistic formats (seeded, so a failure reproduces); `findLeaks` searches received bytes for
 * every planted value, and for phone numbers and SSNs also their bare digits.
 */
import type { CustomerTier } from "../schema";
import { mulberry32 } from "../seeded";

export interface ProbeRequest {
  query: string;
  user_id: string;
  customer_tier: CustomerTier;
  /** Every raw value planted in this request. */
  raw: string[];
}

const FIRST = ["jane", "omar", "li", "maria", "kwame", "sofia", "dmitri", "aiko", "lucas", "fatima"];
const LAST = ["doe", "haddad", "wei", "garcia", "mensah", "rossi", "ivanov", "tanaka", "silva", "khan"];
const DOMAINS = ["example.com", "mail.example.org", "corp.example.net"];
const TIERS: CustomerTier[] = ["free", "pro", "enterprise"];
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

export function piiProbeRequests(count: number, seed = 42): ProbeRequest[] {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const chars = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => pick(alphabet.split(""))).join("");
  const digits = (n: number) => chars("0123456789", n);
  const phones = [
    () => `(415) 555-${digits(4)}`,
    () => `+1 212-555-${digits(4)}`,
    () => `646.555.${digits(4)}`,
    () => `312-555-${digits(4)}`,
  ];
  const keys = [
    () => `sk-proj-${chars(ALNUM, 40)}`,
    () => `sk-lf-${chars(HEX, 8)}-${chars(HEX, 4)}-${chars(HEX, 4)}-${chars(HEX, 4)}-${chars(HEX, 12)}`,
    () => `lsv2_pt_${chars(HEX, 32)}_${chars(HEX, 10)}`,
    () => `sk-ant-api03-${chars(ALNUM, 40)}`,
  ];
  const templates = [
    (p: Record<string, string>) =>
      `Hi, I'm ${p.email} (phone ${p.phone}). Where is my refund for order 88${p.order}? SSN ${p.ssn} if you need it.`,
    (p: Record<string, string>) =>
      `My API key ${p.key} stopped working. Reach me at ${p.phone} or ${p.email}; my SSN is ${p.ssn}.`,
    (p: Record<string, string>) =>
      `Can I get a refund on the Pro plan? Account email ${p.email}, SSN ${p.ssn}, call ${p.phone}, key ${p.key}`,
    (p: Record<string, string>) =>
      `What are the API rate limits for enterprise? I pasted my key ${p.key} and email ${p.email}, phone ${p.phone}, ssn ${p.ssn}.`,
  ];
  return Array.from({ length: count }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const p = {
      email: `${first}.${last}${i}@${pick(DOMAINS)}`,
      phone: pick(phones)(),
      ssn: `${100 + Math.floor(rand() * 665)}-${10 + Math.floor(rand() * 89)}-${1000 + Math.floor(rand() * 8999)}`,
      key: pick(keys)(),
      order: digits(3),
    };
    const userId = `${first}-${last}-${1000 + i}`;
    return {
      query: templates[i % templates.length](p),
      user_id: userId,
      customer_tier: TIERS[i % TIERS.length],
      raw: [p.email, p.phone, p.ssn, p.key, userId],
    };
  });
}

/** Which planted values occur in `received`: verbatim, or (phones, SSNs) as their digits with the separators dropped. */
export function findLeaks(received: string, raw: readonly string[]): string[] {
  // "415 555 0172" or "4155550172" is the same phone number: join digit runs split by 1-2 separators.
  const joined = received.replace(/(?<=\d)[\s().+-]{1,2}(?=\d)/g, "");
  return raw.filter((value) => {
    if (received.includes(value)) return true;
    const digits = value.replace(/\D/g, "");
    return /^[\d\s()+.-]+$/.test(value) && digits.length >= 9 && joined.includes(digits);
  });
}
