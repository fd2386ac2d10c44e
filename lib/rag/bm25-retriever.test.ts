import { describe, expect, it } from "vitest";
import { Bm25Retriever } from "./bm25-retriever";
import { loadKnowledgeBase, KnowledgeBaseError } from "./knowledge-base";
import { terms, stem } from "../terms";

const kb = loadKnowledgeBase();
const retriever = new Bm25Retriever(kb);

describe("knowledge base", () => {
  it("has at least 20 docs, each with a title, a body and a project-relative source", () => {
    expect(kb.length).toBeGreaterThanOrEqual(20);
    for (const doc of kb) {
      expect(doc.source).toMatch(/^data\/kb\/[a-z0-9-]+\.md$/);
      expect(doc.title.length).toBeGreaterThan(3);
      expect(doc.content).not.toMatch(/^#/);
    }
  });

  it("names the directory when it cannot be read", () => {
    expect(() => loadKnowledgeBase("data/no-such-kb")).toThrow(KnowledgeBaseError);
    expect(() => loadKnowledgeBase("data/no-such-kb")).toThrow(/no-such-kb/);
  });
});

describe("Bm25Retriever ranking", () => {
  it.each([
    ["What is the refund window for a monthly Pro subscription?", "data/kb/refund-policy.md"],
    ["What are the API rate limits per minute?", "data/kb/api-rate-limits.md"],
    ["How long is the password reset link valid?", "data/kb/password-reset.md"],
    ["How are webhooks signed?", "data/kb/webhooks.md"],
    ["Which identity providers work with SAML single sign-on?", "data/kb/sso-saml.md"],
    ["Is data encrypted at rest?", "data/kb/security-overview.md"],
    ["How many backup codes do I get with two-factor authentication?", "data/kb/two-factor-auth.md"],
  ])("ranks the right doc first for %j", (query, source) => {
    expect(retriever.search(query, 3)[0].source).toBe(source);
  });

  it("returns topK docs, best first, with scores in [0, 1]", () => {
    const docs = retriever.search("How much does the Pro plan cost?", 5);
    expect(docs).toHaveLength(5);
    for (const d of docs) {
      expect(d.relevance_score).toBeGreaterThanOrEqual(0);
      expect(d.relevance_score).toBeLessThanOrEqual(1);
    }
    const scores = docs.map((d) => d.relevance_score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("scores an on-topic question far above an off-topic one (absolute, not relative, scores)", () => {
    const onTopic = retriever.search("What are the API rate limits on each plan?", 1)[0].relevance_score;
    const offTopic = retriever.search("What's the weather like in Paris this weekend?", 1)[0].relevance_score;
    expect(onTopic).toBeGreaterThan(0.5);
    expect(offTopic).toBeLessThan(0.1);
  });

  it("does not count an order id against coverage", () => {
    const withId = retriever.search("Can I get a refund for my annual plan? Order ORD-55555", 1)[0]
      .relevance_score;
    const without = retriever.search("Can I get a refund for my annual plan? Order", 1)[0].relevance_score;
    expect(withId).toBeCloseTo(without, 6);
  });

  it.each([[""], ["   "], ["the and of"], ["\u{1F600}\u{1F600}"]])(
    "scores 0 for a query with no content terms (%j)",
    (query) => {
      expect(retriever.search(query, 3).every((d) => d.relevance_score === 0)).toBe(true);
    },
  );

  it("documents its method", () => {
    expect(retriever.method).toMatch(/bm25.*k1=1\.2.*b=0\.75/);
  });

  it("a doc that covers every query term once scores about 1; a longer doc with more repeats is clamped at 1", () => {
    const r = new Bm25Retriever([
      { source: "a.md", title: "alpha", content: "bravo charlie" },
      { source: "b.md", title: "delta", content: "echo foxtrot" },
      { source: "c.md", title: "golf", content: "hotel india" },
    ]);
    const [top] = r.search("alpha bravo charlie", 1);
    expect(top.source).toBe("a.md");
    expect(top.relevance_score).toBeCloseTo(1, 2);
  });
});

describe("terms", () => {
  it("drops stop words and meets inflections, but never touches terms with digits", () => {
    expect(terms("The refunds were refunded")).toEqual(["refund", "refund"]);
    expect(stem("policies")).toBe("policy");
    expect(stem("status")).toBe("status");
    expect(terms("ORD-20417 us-east-1")).toEqual(["ord", "20417", "us", "east", "1"]);
  });
});
