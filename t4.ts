import { SECRET_RULES } from "./lib/redact/redact-text";
import { piiRules } from "./lib/redact/pii-rules";
import { redactionCorpus } from "./lib/redact/score-redactor";
const c = redactionCorpus();
const texts = [...c.positives.map(p=>p.text), ...c.traps.map(t=>t.text)];
const rules = [...SECRET_RULES, ...piiRules];
const t = new Array(rules.length).fill(0), h = new Array(rules.length).fill(0);
for (let round=0; round<6; round++) for (const text of texts) { let out = text; rules.forEach((r,i)=>{ const a=performance.now(); let ok = true; if (r.hints) ok = r.hints.some(x=>out.includes(x)); if (ok && r.hintPattern) ok = r.hintPattern.test(out); const b=performance.now(); if (ok) out = r.apply(out); const d=performance.now(); if (round>2){h[i]+=b-a; t[i]+=d-b;} }); }
rules.forEach((r,i)=>console.log(r.type.padEnd(20), h[i].toFixed(1), t[i].toFixed(1)));
console.log(h.reduce((a,b)=>a+b), t.reduce((a,b)=>a+b));
