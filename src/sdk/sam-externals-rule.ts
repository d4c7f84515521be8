// SAM's esbuild build leaves `@aws-sdk` and `@smithy` to LLRT's built-in SDK. That is right only
// while the function imports nothing else from the SDK: a client the chosen LLRT bundle lacks (say
// Kinesis in `std`) would be left out of the bundle too, and the import would fail at init. For
// such a function this rule, which runs after the code was migrated, narrows `External` to the
// built-in packages the code really imports, so esbuild bundles the rest.
import { isScalar, isSeq } from "yaml";
import type { Scalar, YAMLSeq } from "yaml";
import { isBundledSdkPackage } from "../compat/sdk";
import { importSpecifiers } from "../engine/imports";
import type { ProjectRule, ProjectRuleContext } from "../engine/project-rule";
import { TextEdits } from "../engine/text-edits";
import { lineColumnAt, mapGet, parseYaml, plainString } from "../iac/yaml-source";

const rule = "sam-sdk-externals";
const isSdkSpecifier = (specifier: string) => /^@(aws-sdk|smithy)\//.test(specifier);

/** The SDK packages a function's code imports, split by whether the LLRT bundle has them. */
function sdkImports(ctx: ProjectRuleContext, entry: string): { builtIn: string[]; missing: string[] } {
  const specifiers = new Set<string>();
  for (const file of ctx.reachableFrom(entry)) {
    for (const specifier of importSpecifiers(ctx.project.read(file) ?? "")) if (isSdkSpecifier(specifier)) specifiers.add(specifier);
  }
  const sorted = [...specifiers].sort();
  return {
    builtIn: sorted.filter((s) => isBundledSdkPackage(s, ctx.options.variant)),
    missing: sorted.filter((s) => !isBundledSdkPackage(s, ctx.options.variant)),
  };
}

/** A YAML list in the style of the one it replaces (block or flow), items double-quoted. */
function listLike(seq: YAMLSeq, items: string[], text: string): string {
  const quoted = items.map((item) => JSON.stringify(item));
  if (seq.flow) return `[${quoted.join(", ")}]`;
  const start = seq.range![0];
  const indent = " ".repeat(start - text.lastIndexOf("\n", start - 1) - 1);
  return quoted.map((item, i) => `${i === 0 ? "" : indent}- ${item}`).join("\n");
}

function narrowTemplate(ctx: ProjectRuleContext, template: string): void {
  const text = ctx.project.read(template);
  if (text === undefined) return;
  const doc = parseYaml(text);
  const edits = new TextEdits();
  for (const fn of ctx.functions) {
    if (fn.source !== "sam" || fn.file !== template || !fn.entry || fn.skipped) continue;
    const external = mapGet(mapGet(mapGet(mapGet(mapGet(doc.contents, "Resources"), fn.name), "Metadata"), "BuildProperties"), "External");
    if (!isSeq(external) || !external.items.some((item) => isScalar(item) && plainString(item as Scalar) === "@aws-sdk")) continue;
    const { builtIn, missing } = sdkImports(ctx, fn.entry);
    if (missing.length === 0) continue;
    const kept = external.items.map((item) => plainString(item)).filter((name): name is string => !!name && !/^@(aws-sdk|smithy)$/.test(name));
    const items = [...new Set([...kept, ...builtIn])];
    if (items.length === 0) continue; // an empty External would need the key removed: leave it to the warning
    const [start, end] = external.range!;
    // A block list's range runs on to the next key: keep its trailing line break.
    edits.replace(start, start + text.slice(start, end).trimEnd().length, listLike(external, items, text));
    ctx.report(template, {
      rule,
      severity: "info",
      ...lineColumnAt(text, external.range![0]),
      message: `${fn.name} imports ${missing.join(", ")}, which LLRT's ${ctx.options.variant} bundle does not have: External now names only the built-in SDK packages it uses, so esbuild bundles the rest into the function.`,
      fix: "Keep the bundled packages in the function's dependencies, or choose --variant full-sdk if it has them.",
    });
  }
  if (edits.size > 0) ctx.project.write(template, edits.apply(text));
}

export const samSdkExternalsRule: ProjectRule = {
  name: rule,
  apply(ctx) {
    const templates = new Set(ctx.functions.filter((fn) => fn.source === "sam").map((fn) => fn.file));
    for (const template of templates) narrowTemplate(ctx, template);
  },
};
