import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI and server tests spawn processes (one CLI test runs it seven times); on 2 shared cores a
    // generous timeout avoids flaky failures.
    testTimeout: 90_000,
    hookTimeout: 30_000,
  },
});
