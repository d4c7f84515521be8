// package.json after the SDK v2 -> v3 conversion: `aws-sdk` goes (LLRT has no v2), and each
// `@aws-sdk/*` package the migrated code imports is declared. Packages LLRT embeds become
// devDependencies (local tests and types only: the function uses LLRT's copy); the others are real
// dependencies, because they must be bundled into the function.
import { bundledSdkPackages } from "../compat/sdk";
import { isCodeFile } from "../engine/code-rule";
import { describeError, errorPosition } from "../engine/errors";
import type { PackageJson } from "../engine/package-json";
import { readPackageJson, removeDependency, setDependency } from "../engine/package-json";
import { dirname } from "../engine/project";
import type { ProjectRule, ProjectRuleContext } from "../engine/project-rule";
import { lineColumnAt } from "../engine/text-position";
import { sdkPackagesInText } from "./sdk-imports";
import { v2ImportPattern } from "./v2-leftovers";

const ruleName = "sdk-package-json";

/**
 * The AWS SDK v3 version LLRT embeds (awslabs/llrt package.json). Pinned exactly: a client bundled
 * into the function runs against LLRT's embedded @aws-sdk/core and @smithy/*, so it must come from
 * the same SDK release, and local tests should see the SDK the function will run with.
 */
export const llrtSdkVersion = "3.1057.0";

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** `@aws-sdk/core/client` is a subpath of the npm package `@aws-sdk/core`. */
const npmPackage = (specifier: string) => specifier.split("/").slice(0, 2).join("/");

const declared = (pkg: PackageJson, name: string) => dependencyFields.some((field) => pkg[field]?.[name] !== undefined);

/** The package.json closest above a file: the one whose dependencies the file uses. */
function manifestOf(path: string, manifests: Set<string>): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const candidate = dir ? `${dir}/package.json` : "package.json";
    if (manifests.has(candidate)) return candidate;
    if (!dir) return undefined;
  }
}

function positionOfKey(text: string, name: string): { line: number; column: number } {
  const offset = text.indexOf(`"${name}"`);
  return offset < 0 ? { line: 1, column: 1 } : lineColumnAt(text, offset);
}

function migrateManifest(ctx: ProjectRuleContext, manifest: string, codeFiles: string[]): void {
  const original = ctx.project.read(manifest)!;
  let pkg: PackageJson;
  try {
    pkg = readPackageJson(original);
  } catch (error) {
    ctx.report(manifest, { rule: ruleName, severity: "error", ...errorPosition(error), message: `${describeError(error)}; AWS SDK dependencies were not updated.` });
    return;
  }
  const sources = codeFiles.map((path) => ctx.project.read(path) ?? "");
  const imported = new Set(sources.flatMap((text) => [...sdkPackagesInText(text)].map(npmPackage)));
  const bundled = bundledSdkPackages(ctx.options.variant);
  let text = original;

  if (declared(pkg, "aws-sdk")) {
    if (sources.some((source) => v2ImportPattern.test(source))) {
      ctx.report(manifest, { rule: ruleName, severity: "warning", ...positionOfKey(original, "aws-sdk"), message: "`aws-sdk` kept: some code still imports SDK v2 (see the errors reported on it).", fix: "Remove `aws-sdk` once no file imports it." });
    } else {
      text = removeDependency(text, "aws-sdk");
      ctx.report(manifest, { rule: ruleName, severity: "info", ...positionOfKey(original, "aws-sdk"), message: "Removed `aws-sdk` (SDK v2): no code imports it any more, and LLRT does not have it." });
    }
  }
  for (const name of [...imported].filter((n) => n.startsWith("@aws-sdk/")).sort()) {
    if (declared(pkg, name)) continue;
    const embedded = bundled.has(name);
    const field = embedded ? "devDependencies" : "dependencies";
    text = setDependency(text, field, name, llrtSdkVersion);
    ctx.report(manifest, {
      rule: ruleName,
      severity: "info",
      line: 1,
      column: 1,
      message: `Added \`${name}@${llrtSdkVersion}\` to ${field}: ${embedded ? `LLRT's ${ctx.options.variant} bundle embeds it, so it is needed only for local tests and types` : `LLRT's ${ctx.options.variant} bundle does not embed it, so it must be bundled with the function`}.`,
    });
  }
  if (text !== original) ctx.project.write(manifest, text);
}

export const sdkPackageJsonRule: ProjectRule = {
  name: ruleName,
  apply(ctx) {
    const paths = ctx.project.paths();
    const manifests = new Set(paths.filter((p) => p === "package.json" || p.endsWith("/package.json")));
    const filesOf = new Map<string, string[]>();
    for (const path of paths.filter(isCodeFile)) {
      const manifest = manifestOf(path, manifests);
      if (manifest) filesOf.set(manifest, [...(filesOf.get(manifest) ?? []), path]);
    }
    for (const manifest of manifests) migrateManifest(ctx, manifest, filesOf.get(manifest) ?? []);
  },
};
