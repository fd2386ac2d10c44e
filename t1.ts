import { redactPii } from "./lib/redact";
import { positiveCases } from "./lib/redact/redaction-corpus";
import { trapCases } from "./lib/redact/redaction-traps";
const pos = positiveCases(); const traps = trapCases();
const miss: Record<string, number> = {};
for (const c of pos) { const o = redactPii(c.text); if (c.fragments.some(f => o.includes(f))) { miss[c.format] = (miss[c.format]??0)+1; if (miss[c.format] <= 2) console.log("MISS", c.format, JSON.stringify(c.text), "=>", JSON.stringify(o)); } }
console.log(pos.length, miss);
let fp = 0; for (const c of traps) { const o = redactPii(c.text); if (o !== c.text) { fp++; if (fp < 40) console.log("FP", c.kind, JSON.stringify(c.text), "=>", JSON.stringify(o)); } }
console.log(traps.length, fp);
import { nestedPayloads, structuralFingerprint } from "./lib/redact/nested-payloads";
import { stripPii } from "./lib/redact";
const nested = nestedPayloads(); let total = 0, leaked = 0, changed = 0;
for (const c of nested) { const out = stripPii(c.payload); const s = JSON.stringify(out); for (const x of c.secrets) { total++; if (s.includes(x.value)) { leaked++; console.log("LEAK", x.format, x.value.slice(0,60)); } }
 if (structuralFingerprint(out as any) !== structuralFingerprint(c.payload)) { changed++; if (changed < 5) console.log(structuralFingerprint(out as any), structuralFingerprint(c.payload)); } }
console.log("nested", nested.length, total, leaked, changed);
