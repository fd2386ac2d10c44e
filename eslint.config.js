// ESLint (flat config) with typescript-eslint's recommended rules; `npm run lint` and `npm test` run it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = Object.fromEntries(
  [
    "process",
    "console",
    "Buffer",
    "URL",
    "URLSearchParams",
    "setTimeout",
    "clearTimeout",
    "setImmediate",
    "setInterval",
    "clearInterval",
    "performance",
    "fetch",
    "Response",
    "Request",
    "Headers",
    "AbortController",
    "AbortSignal",
    "TextEncoder",
    "TextDecoder",
    "queueMicrotask",
    "structuredClone",
    "FormData",
    "Blob",
    "crypto",
  ].map((name) => [name, "readonly"]),
);

export default tseslint.config(
  { ignores: ["node_modules/", ".jupyter/", "data/", "report/", "notebooks/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // `ok && push(x)` and `cond ? a() : b()` as statements are a house idiom in the redaction rules.
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      // Sanitisers and their tests match control characters on purpose (terminal escapes, file-name safety).
      "no-control-regex": "off",
    },
  },
  {
    // Tests and their generated inputs poke at loose JSON and match aligned text on purpose.
    files: ["**/*.test.ts", "**/*.test.mjs", "**/__fixtures__/**", "lib/redact/nested-payloads.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "no-regex-spaces": "off",
      "no-sparse-arrays": "off",
    },
  },
);
