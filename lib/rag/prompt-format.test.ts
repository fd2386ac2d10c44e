import { describe, expect, it } from "vitest";
import { checkFormat, looksLikeRawToolOutput, splitSentences } from "./prompt-format";
import { composeAnswer } from "../llm/simulated-answer";
import { getPrompt, PROMPTS } from "./prompts";

const context =
  "Help-center context:\n[1] refund-policy.md\nAnnual plans can be refunded within 30 days of purchase. Monthly plans can be refunded within 14 days. " +
  "Approved refunds reach the original payment method within 5-10 business days. Refunds are issued in USD.\n";

describe("splitSentences", () => {
  it("counts sentences, not decimals, prices or versions", () => {
    expect(splitSentences("Pro is $49.00 a month. TLS 1.2 is required! Is that all? 5 days.")).toHaveLength(
      4,
    );
    expect(splitSentences("")).toEqual([]);
  });
});

describe("checkFormat on crafted answers", () => {
  const good =
    "Annual plans can be refunded within 30 days of purchase. Approved refunds reach the original payment method within 5-10 business days.";
  it.each([
    ["a compliant v2 answer", "v2", good, []],
    [
      "four sentences",
      "v2",
      `${good} Refunds are issued in USD. Contact support for more.`,
      ["4 sentences, over the limit of 3"],
    ],
    ["a greeting", "v2", `Hi there! ${good}`, ["greets the customer, which the prompt forbids"]],
    [
      "a pasted tool dump",
      "v2",
      `Order lookup: order id ORD-20417; plan Pro (annual); amount usd 468. ${good}`,
      ["pastes raw tool output instead of saying it in words"],
    ],
    [
      "pasted JSON",
      "v2",
      `{"order_id":"ORD-20417","plan":"Pro"} ${good}`,
      ["pastes raw tool output instead of saying it in words"],
    ],
    [
      "a compliant v1 answer",
      "v1",
      "Hi there, thanks for reaching out! Refunds are easy. Is there anything else I can help you with today?",
      [],
    ],
    [
      "v1 without greeting or closer",
      "v1",
      good,
      ["does not open with a greeting", "does not end by offering more help"],
    ],
  ])("%s", (_, version, answer, violations) => {
    const check = checkFormat(answer, version);
    expect(check.violations).toEqual(violations);
    expect(check.ok).toBe(violations.length === 0);
  });

  it("does not mistake words in plain prose for a tool dump", () => {
    expect(
      looksLikeRawToolOutput("Your order ORD-20417 is the Pro (annual) plan at $468, bought 21 days ago."),
    ).toBe(false);
    expect(
      looksLikeRawToolOutput("Report vulnerabilities to [REDACTED_EMAIL]. We answer within 2 business days."),
    ).toBe(false);
    expect(looksLikeRawToolOutput('Orders: [{"id": 1}]')).toBe(true);
  });
});

describe("the simulator obeys each prompt's own format", () => {
  const order =
    'Order lookup result (lookup_order): {"order_id":"ORD-20417","found":true,"plan":"Pro (annual)","amount_usd":468,"purchased_days_ago":21,"refund_status":"none","user_id":null}\n';
  const cases = [
    [
      "no tool",
      `${context}\nCustomer question: Can I get a refund on my annual plan, and how long does it take?`,
    ],
    [
      "with an order lookup",
      `${order}${context}\nCustomer question: Can I get a refund on order ORD-20417, and how long does it take?`,
    ],
    [
      "with a failed lookup",
      `Order lookup result (lookup_order): order service timed out after 800 ms\n${context}\nCustomer question: Refund for ORD-20417?`,
    ],
  ];
  for (const prompt of PROMPTS) {
    it.each(cases)(`${prompt.id}: %s`, (_, user) => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { text } = composeAnswer(
          [
            { role: "system", content: getPrompt(prompt.id).text },
            { role: "user", content: user },
          ],
          { seed, model: "gpt-4o-mini" },
        );
        expect(checkFormat(text, prompt.id).violations, text).toEqual([]);
      }
    });
  }
});
