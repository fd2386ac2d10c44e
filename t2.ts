import { redactPii } from "./lib/redact";
import { positiveCases } from "./lib/redact/redaction-corpus";
import { trapCases } from "./lib/redact/redaction-traps";
const pos = positiveCases(); const traps = trapCases();
for (let i = 0; i < pos.length; i += 61) console.log(pos[i].format, JSON.stringify(pos[i].text).slice(0,150), "=>", JSON.stringify(redactPii(pos[i].text)).slice(0,120), pos[i].fragments.slice(1));
for (let i = 0; i < traps.length; i += 16) console.log(traps[i].kind, JSON.stringify(traps[i].text).slice(0,120));
