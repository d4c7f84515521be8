#!/usr/bin/env node
// The published entry point: runs the bundled CLI built by `npm run build` (run by `prepare`).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("llrt-migrate: dist/cli.js is missing; run `npm run build` (npm ci does it through `prepare`).");
  process.exit(2);
}
await import(cli.href);
