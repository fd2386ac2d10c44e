import { describe, expect, it } from "vitest";
import { normalizeForMatch, scoreResponse } from "./quality";

describe("scoreResponse", () => {
  const stated: [string, string, string][] = [
    ["number words", "You can ask within fourteen days.", "14 days"],
    ["hyphenated adjective", "We offer a 14-day refund window.", "14 days"],
    ["case", "Refunds Take 14 DAYS", "14 days"],
    ["currency symbol vs word", "It costs 49 dollars a month.", "$49 per month"],
    ["currency code before", "Enterprise is USD 1,500 per month.", "$1,500"],
    ["decimals that are integers", "Pro is $49.00 monthly.", "$49"],
    ["thousands separator", "Enterprise allows 3000 requests per minute.", "3,000 requests per minute"],
    ["k suffix", "Enterprise allows 3k requests/minute.", "3,000 requests per minute"],
    ["range with hyphen vs words", "It arrives in five to ten business days.", "5-10 business days"],
    ["range with en dash", "It arrives in 5\u201310 business days.", "5-10 business days"],
    ["between ... and", "It arrives in between 5 and 10 business days.", "5-10 business days"],
    ["compound number words", "Backups are kept for thirty-five days.", "35 days"],
    ["scale words", "Pro tracks five million events.", "5 million events"],
    ["percent sign vs word", "You get ten percent back.", "10%"],
    ["decimal percent", "We promise 99.95 percent uptime.", "99.95%"],
    ["plural vs singular", "Each extra seat costs $12.", "$12"],
    ["ordinal", "Charged on the 1st of each month.", "1 month"],
    ["identifiers with digits", "Encrypted with aes-256 and TLS 1.2 or higher.", "TLS 1.2"],
    ["unicode punctuation around", "\u201cHMAC-SHA256\u201d signatures.", "HMAC-SHA256"],
  ];
  it.each(stated)("counts a fact stated differently: %s", (_, text, fact) => {
    expect(scoreResponse(text, [fact])).toEqual({ score: 100, hits: [fact], misses: [], contradicted: [] });
  });

  const missed: [string, string, string][] = [
    ["different number", "Refunds within 30 days.", "14 days"],
    ["number without unit", "Refunds within 14 business hours.", "14 days"],
    ["vague paraphrase", "Refunds arrive within a couple of weeks.", "14 days"],
    ["partial range", "It arrives in 5 business days.", "5-10 business days"],
    ["different currency", "It costs 49 euros.", "$49"],
    ["decimal is not integer", "Pro is $49.50.", "$49"],
    ["digits inside a longer number", "Call 1450 for help.", "14"],
  ];
  it.each(missed)("does not count a fact that is not stated: %s", (_, text, fact) => {
    expect(scoreResponse(text, [fact]).misses).toEqual([fact]);
  });

  it("scores the share of facts, with one decimal", () => {
    const result = scoreResponse("Annual plans: 30 days. Money goes back to the original payment method.", [
      "30 days",
      "5-10 business days",
      "original payment method",
    ]);
    expect(result.score).toBe(66.7);
    expect(result.hits).toEqual(["30 days", "original payment method"]);
    expect(result.misses).toEqual(["5-10 business days"]);
  });

  it.each([
    [
      "a vague wrong window (Task 1's v1)",
      "You can get a refund within a couple of weeks.",
      ["30 days"],
      "couple week",
    ],
    ["a wrong number of days", "Refunds within 30 days.", ["14 days"], "30 day"],
    ["a wrong price", "The Pro plan is $59 a month.", ["$49"], "59 usd"],
    ["a wrong percentage", "We credit 5% of the fee.", ["10%"], "5 percent"],
    ["too few business days", "It takes a few business days.", ["5-10 business days"], "few business day"],
  ])("penalises a contradicted fact below a missing one: %s", (_, text, facts, stated) => {
    const result = scoreResponse(text, facts);
    expect(result.contradicted).toEqual([{ fact: facts[0], stated }]);
    expect(result.score).toBe(0);
    // Two facts, one stated and one contradicted: 0, where merely omitting the second gives 50.
    const two = scoreResponse(`Money goes back to the original payment method. ${text}`, [
      ...facts,
      "original payment method",
    ]);
    expect(two.score).toBe(0);
    expect(
      scoreResponse("Money goes back to the original payment method.", [...facts, "original payment method"])
        .score,
    ).toBe(50);
  });

  it.each([
    ["the same duration in other units", "Refunds within two weeks.", ["14 days"]],
    [
      "a value that is another expected fact",
      "There is a 7-day grace period.",
      ["7-day grace period", "35 days"],
    ],
    [
      "business days are another clock",
      "Refunds take 5-10 business days.",
      ["30 days", "5-10 business days"],
    ],
    ["a range that contains the fact", "Refunds take 3-5 days.", ["4 days"]],
    ["another currency", "It costs 49 euros.", ["$49"]],
    ["a vague phrase without a count", "It takes a little while.", ["14 days"]],
    ["a fact without a quantity", "Use the Help menu, 30 days.", ["Retry-After"]],
  ])("does not call it a contradiction: %s", (_, text, facts) => {
    expect(scoreResponse(text, facts).contradicted).toEqual([]);
  });

  it("takes an exact figure from the grounding context as another fact, never a vague count", () => {
    const context =
      "After the grace period, data is erased from production within 30 days and from backups within 35 days. Monthly plans: 14 days.";
    // The q23: a figure from the passages, about another aspect, is not a wrong one...
    expect(
      scoreResponse("Workspace data is retained for 30 days.", ["35 days"], { context }).contradicted,
    ).toEqual([]);
    expect(scoreResponse("Workspace data is retained for 30 days.", ["35 days"]).contradicted).toHaveLength(
      1,
    );
    // ...but "a couple of weeks" stays a contradiction even when 14 days is in the context.
    expect(scoreResponse("Refunds within a couple of weeks.", ["30 days"], { context }).contradicted).toEqual(
      [{ fact: "30 days", stated: "couple week" }],
    );
    // and a figure found nowhere in the context is contradicted.
    expect(scoreResponse("Pro costs $59 a month.", ["$49"], { context: "Pro is $49 per month." }).score).toBe(
      0,
    );
  });

  it("accepts alternative phrasings of one fact", () => {
    expect(scoreResponse("Sign in with Entra ID.", [["Azure AD", "Entra ID"]]).score).toBe(100);
  });

  it.each([
    ["empty text", "", ["14 days"], 0],
    ["no facts", "anything", [], 100],
    ["non-string text", 42 as unknown as string, ["42"], 100],
    ["empty fact never matches", "text", [""], 0],
    ["huge text", "filler ".repeat(50_000) + "14 days", ["14 days"], 100],
  ])("handles odd input without throwing: %s", (_, text, facts, score) => {
    expect(scoreResponse(text as string, facts as string[]).score).toBe(score);
  });
});

describe("normalizeForMatch", () => {
  it("reduces phrasings to one token stream", () => {
    expect(normalizeForMatch("Five to ten business days")).toEqual(["5-10", "business", "day"]);
    expect(normalizeForMatch("$1,500.00 per month")).toEqual(["1500", "usd", "month"]);
    expect(normalizeForMatch("60 Requests/Minute")).toEqual(["60", "request", "minute"]);
  });
});
