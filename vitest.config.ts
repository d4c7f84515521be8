import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI and server tests spawn processes; on 2 cores a generous timeout avoids flaky failures.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
