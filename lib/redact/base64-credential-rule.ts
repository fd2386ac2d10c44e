/**
 * Secrets hidden in base64: a Langfuse basic-auth credential is base64(`pk-lf-…:sk-lf-…`), and
 * it turns up bare in documents and configs ("rotate cGstbGYt… every 90 days"). Like trufflehog,
 * long base64 and base64url runs are decoded and searched for known key prefixes. The cost stays
 * bounded: each run is decoded once (output shorter than the run), runs longer than 4 KB are
 * skipped (images and blobs), and the search is one regex over the decoded bytes.
 */
import { Buffer } from "node:buffer";
import { redactionToken, regexRule, type RedactionRule } from "./rule";

const MIN_RUN = 24;
const MAX_RUN = 4096;
/** Key prefixes worth finding inside decoded text, and PEM blocks. */
const KNOWN_PREFIX =
  /(?:^|[^A-Za-z0-9])(?:sk-(?:lf|ant|proj|svcacct|admin)-|pk-lf-|sk-[A-Za-z0-9]{20}|lsv2_(?:pt|sk)_|ls__[0-9a-f]{8}|A(?:KIA|SIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{20}|github_pat_|xox[abposre]-|[sr]k_live_|AIza[A-Za-z0-9_-]{20}|glpat-|hf_[A-Za-z0-9]{20}|-----BEGIN [A-Z ]*PRIVATE KEY)/;

export function decodesToSecret(run: string): boolean {
  if (run.length < MIN_RUN || run.length > MAX_RUN) return false;
  const decoded = Buffer.from(run, "base64").toString("latin1");
  return KNOWN_PREFIX.test(decoded);
}

export const base64CredentialRule: RedactionRule = regexRule({
  type: "ENCODED_SECRET",
  gate: (f) => f.base64Run >= MIN_RUN,
  // A whole run: not glued to more base64 characters; `=` padding at the end only.
  pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g,
  replace: (run: string) => (decodesToSecret(run) ? redactionToken("ENCODED_SECRET") : run),
});
