// Bundles a function's entry into one ESM file (`index.mjs`) with esbuild: the original as Node.js
// runs it, and the migrated code (read from memory, the disk is never touched) as LLRT wants it:
// ESM, es2023, with the AWS SDK left to the runtime.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Plugin } from "esbuild";
import { describeError } from "../engine/errors";
import type { BenchTarget } from "./target";
import { BenchError } from "./target";

export type BundleFlavour = "node" | "llrt";

const loaders: Record<string, Loader> = { ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".json": "json" };

/** Serves the engine's migrated text for changed files; everything else loads from disk as usual. */
function migratedFiles(files: Map<string, string>): Plugin {
  return {
    name: "llrt-migrate-migrated-files",
    setup(b) {
      b.onLoad({ filter: /.*/ }, (args) => {
        const contents = files.get(args.path);
        return contents === undefined ? undefined : { contents, loader: loaders[extname(args.path)] ?? "js" };
      });
    },
  };
}

const nodeRequireBanner = 'import { createRequire as __benchCreateRequire } from "node:module";\nconst require = __benchCreateRequire(import.meta.url);';

/** esbuild's own message starts with "Build failed with 1 error:"; the first error says what. */
function esbuildMessage(error: unknown): string {
  const first = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors?.[0];
  if (!first) return describeError(error);
  const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : "";
  return `${at}${first.text}`;
}

type Esbuild = typeof import("esbuild");

/**
 * esbuild is an optional peer dependency (a native binary cannot be bundled, and only `bench` needs
 * it): the project's own esbuild (which SAM's esbuild builds need anyway), else one installed next to
 * llrt-migrate.
 */
async function loadEsbuild(projectRoot: string): Promise<Esbuild> {
  for (const from of [join(resolve(projectRoot), "package.json"), join(process.cwd(), "package.json"), import.meta.url]) {
    let path: string;
    try {
      path = createRequire(from).resolve("esbuild");
    } catch {
      continue;
    }
    const mod = (await import(pathToFileURL(path).href)) as Esbuild & { default?: Esbuild };
    return mod.default ?? mod;
  }
  throw new BenchError("bench bundles the function with esbuild, which is not installed: run `npm i -D esbuild` in the project");
}

/**
 * Returns the bundled `index.mjs` text, exporting the handler under its own name. `nodePaths`: more
 * `node_modules` folders to resolve packages from when the project has not installed them (verify).
 */
export async function bundleFunction(target: BenchTarget, flavour: BundleFlavour, nodePaths: string[] = []): Promise<string> {
  const entry = resolve(target.root, target.fn.entry);
  const name = target.exportName;
  // A small ESM entry re-exports the handler, so a CommonJS handler file keeps its named export too.
  const stdin = `import * as m from ${JSON.stringify(entry)};\nexport const ${name} = m.${name} ?? m.default?.${name};\n`;
  const { build } = await loadEsbuild(target.root);
  try {
    const out = await build({
      stdin: { contents: stdin, resolveDir: target.root, sourcefile: "llrt-migrate-bench-entry.mjs", loader: "js" },
      bundle: true,
      write: false,
      // Paths in esbuild's messages relative to the project, not to wherever the command ran.
      absWorkingDir: target.root,
      format: "esm",
      platform: "node",
      target: flavour === "llrt" ? "es2023" : "node20",
      // The Node.js runtimes ship AWS SDK v3; LLRT's std bundle has the SDK clients and Smithy built in.
      external: flavour === "llrt" ? ["@aws-sdk/*", "@smithy/*"] : ["@aws-sdk/*"],
      plugins: flavour === "llrt" ? [migratedFiles(target.migrated)] : [],
      // CommonJS code bundled as ESM calls require() for built-ins: Node.js has no require in ESM
      // (LLRT does), so the Node.js bundle gets one, as the AWS CDK's NodejsFunction docs suggest.
      banner: flavour === "node" ? { js: nodeRequireBanner } : undefined,
      nodePaths,
      logLevel: "silent",
    });
    return out.outputFiles[0].text;
  } catch (error) {
    throw new BenchError(`bundling ${target.fn.entry} for ${flavour === "llrt" ? "LLRT" : "Node.js"} failed: ${esbuildMessage(error)}`);
  }
}

/** The LLRT `bootstrap` binary from a release zip (llrt-lambda-<arch>.zip holds just that file). */
export async function readLlrtBootstrap(zipFile: string): Promise<Uint8Array> {
  const { unzipSync } = await import("fflate");
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await readFile(zipFile)));
  } catch (error) {
    throw new BenchError(`--llrt-zip ${zipFile}: not a readable zip (${describeError(error)})`);
  }
  const bootstrap = files.bootstrap;
  if (!bootstrap) throw new BenchError(`--llrt-zip ${zipFile}: no "bootstrap" file inside (use an llrt-lambda-<arch>.zip release asset)`);
  return bootstrap;
}
