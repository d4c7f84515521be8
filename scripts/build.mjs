// Bundles the TypeScript entry points into dist/ so the `llrt-migrate` bin runs on plain Node.
// Dependencies stay external (they are installed next to us); only our own modules are bundled.
import { build } from "esbuild";

const entryPoints = {
  cli: "src/cli/run.ts",
  app: "src/app/server.ts",
};

await build({
  entryPoints,
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
