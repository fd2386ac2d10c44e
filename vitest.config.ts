import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The notebook and Prometheus tests start real Jupyter kernels and servers; keep CPU contention low on 2 cores.
    maxWorkers: 2,
  },
});
