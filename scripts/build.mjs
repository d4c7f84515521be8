// Builds dist/ with esbuild.
//
// dist/cli.js (+ dist/chunk-*.js, dist/*.wasm) is what the npm package ships: the CLI with every
// pure-JS package it uses bundled in, so installing llrt-migrate installs almost nothing. Only the
// packages in package.json `dependencies` stay external (installed next to us); everything else the
// CLI imports must be bundleable. Code splitting keeps `--version` fast: the engine and the
// benchmark are separate chunks loaded by dynamic import() when a command needs them.
//
// dist/app.js is the GitHub App's server (`npm start` in a clone), bundled the same way with its
// whole stack (Probot, Octokit, pino) inside, so it needs no node_modules at run time either. It is
// not part of the npm package (package.json `files`).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const require = createRequire(import.meta.url);

// Bundled CommonJS code (Babel, recast, the AWS SDK codemod) calls require() for Node built-ins;
// an ES module has no require, so each output file gets one.
const requireBanner = 'import { createRequire as __llrtMigrateCreateRequire } from "node:module";\nconst require = __llrtMigrateCreateRequire(import.meta.url);';

// jscodeshift requires every parser it knows; llrt-migrate parses with Babel only ("ts"/"tsx"), so
// the 1.7 MB Flow parser would be dead weight that every run has to load.
const withoutFlowParser = {
  name: "without-flow-parser",
  setup(b) {
    b.onResolve({ filter: /^flow-parser$/ }, () => ({ path: "flow-parser", namespace: "unused" }));
    b.onLoad({ filter: /.*/, namespace: "unused" }, () => ({
      contents: 'throw new Error("llrt-migrate parses with Babel; the Flow parser is not bundled");',
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: Object.keys(pkg.dependencies ?? {}),
  banner: { js: requireBanner },
  plugins: [withoutFlowParser],
  legalComments: "linked",
  // Prefer packages' ES module builds: some UMD builds (jsonc-parser) require() in ways a bundler cannot follow.
  mainFields: ["module", "main"],
  logLevel: "warning",
};

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");

await build({
  ...common,
  entryPoints: { cli: "src/cli/run.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunk-[hash]",
  minify: true,
  sourcemap: "linked",
});

await build({
  ...common,
  // The migration worker thread (src/app/budget.ts) loads dist/migrate-worker.js from beside the app.
  entryPoints: { app: "src/app/server.ts", "migrate-worker": "src/app/migrate-worker.ts" },
  outdir: "dist",
  sourcemap: "linked",
});

// WebAssembly the bundled tree-sitter loads from beside its chunk: its own runtime and the HCL grammar.
copyFileSync(require.resolve("web-tree-sitter/tree-sitter.wasm"), "dist/tree-sitter.wasm");
copyFileSync(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm"), "dist/tree-sitter-hcl.wasm");
