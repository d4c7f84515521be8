// SDK v3 packages (@aws-sdk/*, @smithy/*) the chosen LLRT bundle does not embed. LLRT resolves
// embedded SDK modules by exact name; anything else must be bundled into the function, or the import
// fails at init. (`@smithy/node-http-handler` is left to the sdk-node-only rule, which says more.)
import type { CodeRule } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import { bundledSdkPackages, isBundledSdkPackage } from "../src/compat/sdk";
import { sdkImports } from "../src/sdk/sdk-imports";

const ruleName = "sdk-bundled-clients";

export const sdkBundledClientsRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  // Also v2 files: an earlier rule converts them to v3 imports on the same tree.
  mayApply: (source) => /aws-sdk/.test(source),
  apply(ctx) {
    const bundled = bundledSdkPackages(ctx.options.variant);
    const full = bundledSdkPackages("full-sdk");
    for (const { name, node } of sdkImports(ctx.j, ctx.root).filter((i) => !/node-http-handler$/.test(i.name))) {
      if (bundled.has(name) || isBundledSdkPackage(name, ctx.options.variant)) continue;
      const inFull = ctx.options.variant !== "full-sdk" && full.has(name);
      ctx.report({
        rule: ruleName,
        severity: "warning",
        ...positionOf(node),
        message: `\`${name}\` is not built into LLRT's ${ctx.options.variant} bundle: the import fails at init unless the package is bundled with the function.`,
        fix: `${inFull ? "Choose `--variant full-sdk` (it embeds this client), or bundle" : "Bundle"} \`${name}\` into the function (esbuild --platform=browser, keep it out of --external; its own dependencies @smithy/*, @aws-sdk/core stay external) and list it in package.json dependencies.`,
      });
    }
    return false;
  },
};

export default toJscodeshiftTransform(sdkBundledClientsRule);
