import { describe, expect, it } from "vitest";
import { textFeatures } from "./text-features";
import { mulberry32 } from "../seeded";

/** Oracles written with regexes: slow and obviously right. The gates are only sound if these agree. */
const longest = (text: string, re: RegExp, keep: (m: string) => boolean = () => true) =>
  Math.max(
    0,
    ...[...text.matchAll(re)]
      .map((m) => m[0])
      .filter(keep)
      .map((m) => m.length),
  );

describe("textFeatures", () => {
  it("agrees with regex oracles on 10,000 random strings", () => {
    const rand = mulberry32(5);
    // The second alphabet is mostly digits and separators, so grouped numbers (cards, SSNs, phones, IPs) occur often.
    const alphabets = ["aZf9g0_-+/@:=. \t（x＠1234567890IJbc?&::", "0123456789012345 .-_/\t a"];
    for (let n = 0; n < 10000; n++) {
      const alphabet = alphabets[n % 2];
      const text = Array.from(
        { length: Math.floor(rand() * 60) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join("");
      const f = { ...textFeatures(text) };
      expect(f.wordRun, text).toBe(longest(text, /[A-Za-z0-9_-]+/g));
      expect(f.keyRun, text).toBe(longest(text, /[A-Za-z0-9_-]+/g, (m) => /[g-zA-Z_]/.test(m)));
      expect(f.base64Run, text).toBe(longest(text, /[A-Za-z0-9_+/-]+/g));
      expect(f.digitRun, text).toBe(longest(text, /[0-9]+/g));
      expect(f.digits, text).toBe((text.match(/[0-9]/g) ?? []).length);
      expect(f.midRuns, text).toBe(
        (text.match(/[0-9]+/g) ?? []).filter((m) => m.length >= 9 && m.length <= 11).length,
      );
      expect(f.digitSeps, text).toBe((text.match(/(?<=[0-9])[ \t./_-]{1,3}(?=[0-9])/g) ?? []).length);
      expect(f.cardPairs, text).toBe((text.match(/(?<=[0-9]{4})[ \t./_-]{1,3}(?=[0-9]{4})/g) ?? []).length);
      expect(f.ssnShapes, text).toBe(
        (text.match(/(?<![0-9])[0-9]{3}[ .-][0-9]{2}[ .-][0-9]{4}(?![0-9])/g) ?? []).length,
      );
      expect(f.phoneTails, text).toBe((text.match(/(?<![0-9])[0-9]{3}[ .-][0-9]{4}(?![0-9])/g) ?? []).length);
      expect(f.dotGroups, text).toBe((text.match(/(?<=[0-9]\.)[0-9]+/g) ?? []).length);
      expect(f.colons, text).toBe((text.match(/:/g) ?? []).length);
      expect(f.hexColons, text).toBe((text.match(/(?<=[0-9A-Fa-f:]):/g) ?? []).length);
      expect(f.doubleColon, text).toBe(text.includes("::"));
      expect(f.query, text).toBe(/[?&]/.test(text));
      expect([f.at, f.equals, f.plus, f.dot, f.nonAscii], text).toEqual([
        /@/.test(text),
        /=/.test(text),
        /\+/.test(text),
        /\./.test(text),
        /[^\x00-\x7f]/.test(text),
      ]);
    }
  });
});
