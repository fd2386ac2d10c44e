import { redactPii } from "./lib/redact";
import { textFeatures } from "./lib/redact/text-features";
import { hasConfusables } from "./lib/redact/confusables";
import { SECRET_RULES } from "./lib/redact/redact-text";
import { piiRules } from "./lib/redact/pii-rules";
import { redactionCorpus } from "./lib/redact/score-redactor";
const c = redactionCorpus();
const texts0 = [...c.positives.map(p=>p.text), ...c.traps.map(t=>t.text)];
const texts = Array.from({length: 20}, (_, k) => texts0.map(t => JSON.parse(JSON.stringify(t + " " + k)) as string)).flat();
texts.forEach(t => /x/.test(t)); // flatten
const bytes = texts.reduce((n,t)=>n+Buffer.byteLength(t),0);
const rules = [...SECRET_RULES, ...piiRules];
function bench(name: string, fn: (t: string) => unknown) { let best = Infinity; for (let r=0;r<6;r++){ const s=process.cpuUsage(); for (const t of texts) fn(t); const u=process.cpuUsage(s); best=Math.min(best,(u.user+u.system)/1e6);} console.log(name.padEnd(30), (bytes/1048576/best).toFixed(1), "MB/s"); }
bench("features", t => textFeatures(t));
bench("confusables", t => hasConfusables(t));
bench("gates", t => { const f = textFeatures(t); let n=0; for (const r of rules) if (!r.gate || r.gate(f)) n++; return n; });
const counts = new Map<string, number>();
for (const t of texts0) { const f = textFeatures(t); for (const r of rules) if (!r.gate || r.gate(f)) counts.set(r.type, (counts.get(r.type)??0)+1); }
console.log([...counts].map(([k,v])=>k+":"+v).join(" "), texts0.length);
bench("full", t => redactPii(t));
for (let i = 0; i < rules.length; i++) { const r = rules[i]; bench("apply " + r.type + i, t => { const f = textFeatures(t); if (!r.gate || r.gate(f)) { if (r.hints && !r.hints.some(h => t.includes(h))) return; if (r.hintPattern && !r.hintPattern.test(t)) return; r.apply(t); } }); }
