/**
 * BM25 retrieval (Okapi, k1 = 1.2, b = 0.75, Lucene's idf ln(1 + (N - n + 0.5) / (n + 0.5)))
 * with an absolute [0, 1] relevance score: the doc's BM25 score divided by the sum of the
 * query's term idfs (identifiers such as order ids excluded). That denominator is what a doc
 * of average length containing every query term once would score, so 1.0 means "covers the
 * whole query", and a query about something the knowledge base never mentions scores near 0
 * on every doc. (Dividing by the top hit's score,
 * the usual trick, would make the best doc 1.0 even for nonsense, hiding exactly the
 * low-retrieval cases observability must surface.)
 */
import type { KbDoc } from "./knowledge-base";
import { terms } from "../terms";

export interface ScoredDoc extends KbDoc {
  /** Normalised to [0, 1] as described above. */
  relevance_score: number;
  /** The raw BM25 score, for debugging. */
  bm25: number;
}

export interface Retriever {
  /** How scores are computed, recorded in each trace's retrieval step. */
  readonly method: string;
  search(query: string, topK?: number): ScoredDoc[];
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export class Bm25Retriever implements Retriever {
  readonly method: string;
  private readonly docTerms: Map<string, number>[];
  private readonly lengths: number[];
  private readonly avgLength: number;
  private readonly docFreq = new Map<string, number>();
  private readonly k1: number;
  private readonly b: number;

  constructor(
    private readonly docs: readonly KbDoc[],
    { k1 = 1.2, b = 0.75 }: Bm25Options = {},
  ) {
    this.k1 = k1;
    this.b = b;
    this.method = `bm25 (k1=${k1}, b=${b}, lucene idf) over title+body, divided by the sum of the query terms' idf, clamped to [0, 1]`;
    this.docTerms = docs.map((doc) => {
      const counts = new Map<string, number>();
      for (const term of terms(`${doc.title} ${doc.content}`)) counts.set(term, (counts.get(term) ?? 0) + 1);
      return counts;
    });
    this.lengths = this.docTerms.map((counts) => [...counts.values()].reduce((a, c) => a + c, 0));
    this.avgLength = this.lengths.reduce((a, l) => a + l, 0) / Math.max(1, this.lengths.length);
    for (const counts of this.docTerms)
      for (const term of counts.keys()) this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
  }

  idf(term: string): number {
    const n = this.docFreq.get(term) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  /** The `topK` best docs, best first; ties keep knowledge-base order. An empty query scores 0 everywhere. */
  search(query: string, topK = 3): ScoredDoc[] {
    const queryTerms = [...new Set(terms(query))];
    // An unseen term with a digit is an identifier (an order id, a phone number), not a topic the
    // knowledge base could cover, so it does not count against coverage.
    const topical = queryTerms.filter((t) => this.docFreq.has(t) || !/\d/.test(t));
    const ceiling = topical.reduce((sum, t) => sum + this.idf(t), 0);
    const scored = this.docs.map((doc, i) => {
      const counts = this.docTerms[i];
      const norm = this.k1 * (1 - this.b + (this.b * this.lengths[i]) / this.avgLength);
      let bm25 = 0;
      for (const term of queryTerms) {
        const tf = counts.get(term) ?? 0;
        if (tf > 0) bm25 += this.idf(term) * ((tf * (this.k1 + 1)) / (tf + norm));
      }
      const relevance = ceiling > 0 ? Math.min(1, bm25 / ceiling) : 0;
      return { ...doc, bm25, relevance_score: Math.round(relevance * 10_000) / 10_000, index: i };
    });
    scored.sort((x, y) => y.bm25 - x.bm25 || x.index - y.index);
    return scored.slice(0, Math.max(0, topK)).map(({ index: _index, ...doc }) => doc);
  }
}
