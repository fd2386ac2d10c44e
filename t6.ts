import { applyRules } from "./lib/redact/rule";
import { SECRET_RULES } from "./lib/redact/redact-text";
import { piiRules } from "./lib/redact/pii-rules";
import { redactionCorpus } from "./lib/redact/score-redactor";
const c = redactionCorpus();
const texts0 = [...c.positives.map(p=>p.text), ...c.traps.map(t=>t.text)];
const texts = Array.from({length: 20}, (_, k) => texts0.map(t => JSON.parse(JSON.stringify(t + " " + k)) as string)).flat();
const bytes = texts.reduce((n,t)=>n+Buffer.byteLength(t),0);
const rules = [...SECRET_RULES, ...piiRules];
function bench(name: string, fn: (t: string) => unknown) { let best = Infinity; for (let r=0;r<5;r++){ const s=process.cpuUsage(); for (const t of texts) fn(t); const u=process.cpuUsage(s); best=Math.min(best,(u.user+u.system)/1e6);} console.log(name.padEnd(30), (bytes/1048576/best).toFixed(1), "MB/s"); }
bench("all", t => applyRules(t, rules));
for (let i = 0; i < rules.length; i++) { const rs = rules.filter((_, j) => j !== i); bench("without " + rules[i].type + i, t => applyRules(t, rs)); }
