/** Placeholder credentials for servers that need some (the embedded backend checks they are present). */
export const LOCAL_KEYS = {
  langfusePublic: "pk-lf-local",
  langfuseSecret: "sk-lf-local",
  langsmith: "lsv2-local",
} as const;
