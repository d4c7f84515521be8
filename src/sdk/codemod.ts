// The typed adapter around AWS's own v2 -> v3 codemod (aws-sdk-js-codemod, pinned to an exact
// version in package.json because we call an internal module of it). We reuse it rather than
// rewrite it: it knows 382 client mappings and the v2 typings, which we could not rebuild.
import type { API, JSCodeshift } from "jscodeshift";
import type * as CodemodModule from "aws-sdk-js-codemod/dist/transforms/v2-to-v3/transformer.js";

/** The text the codemod writes into code when it gives up on a call, and then leaves the whole file alone. */
export const notSupportedMarker = "not supported in AWS SDK for JavaScript (v3)";

type Transformer = typeof CodemodModule.default;

// A CommonJS module seen from ESM (vitest, tsx) nests its `exports.default` one level deeper than
// seen from Babel's CommonJS (jscodeshift's standalone runner): accept both.
function transformerOf(mod: unknown): Transformer {
  const candidates = [(mod as { default?: unknown }).default, ((mod as { default?: { default?: unknown } }).default ?? {}).default];
  const found = candidates.find((c) => typeof c === "function");
  if (!found) throw new Error("aws-sdk-js-codemod: v2-to-v3 transformer not found (was the pinned version changed?)");
  return found as Transformer;
}

/**
 * Runs the codemod on `source` and returns its output text (the same text when it has nothing to do).
 * `j` must already use the parser we chose for the file: the codemod uses the `api.jscodeshift` it is
 * given unless the path ends in `.ts`/`.tsx` (then it forces `ts`, which breaks JSX), so the path we
 * pass never ends that way.
 */
export async function runV2ToV3(j: JSCodeshift, path: string, source: string): Promise<string> {
  const api = { j, jscodeshift: j, stats: () => {}, report: () => {} } as unknown as API;
  // Loaded on first use: its client tables are the largest part of the CLI, and most files have no SDK v2.
  const codemodModule = await import("aws-sdk-js-codemod/dist/transforms/v2-to-v3/transformer.js");
  return transformerOf(codemodModule)({ path: `${path}#llrt-migrate`, source }, api);
}
