/**
 * Inputs built to make a backtracking regex go quadratic or worse: long runs of the characters
 * the rules key on. Shared by the linear-time test (generous bound) and the benchmark (real numbers).
 */
export interface AdversarialInput {
  name: string;
  text: string;
}

const UNITS = [
  "a@",
  "a",
  "a.",
  "x@a.",
  "1234567890",
  "1-",
  "1 ",
  "1.",
  "4111 ",
  "123-45-",
  "+1 ",
  "(1",
  "-",
  ".",
  "_",
  "sk-",
  "sk-ant-",
  "sk-proj-",
  "lsv2_pt_",
  "ls__",
  "pk-lf-",
  "AKIA",
  "ghp_",
  "xoxb-",
  "sk_live_",
  "AIza",
  "eyJ",
  "eyJa.",
  "-----BEGIN RSA PRIVATE KEY-----\n",
  "Bearer ",
  "Basic ",
  "authorization: ",
  "password=",
  "api_key: ",
  "token=",
  "a://",
  "http://u:p@",
  "?token=",
  "&",
  "%",
  "+",
  "=",
];

/** One input per unit: the unit repeated to `size` characters. */
export function adversarialInputs(size: number): AdversarialInput[] {
  return UNITS.map((unit) => ({
    name: unit,
    text: unit.repeat(Math.ceil(size / unit.length)).slice(0, size),
  }));
}
