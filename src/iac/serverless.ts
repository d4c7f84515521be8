// Serverless Framework (v3, v4) `serverless.yml`: Node.js functions move to LLRT.
// The trap: bundlers (serverless-esbuild, v4's built-in esbuild) only build functions whose runtime
// starts with `nodejs`. With a bundler we keep the Node runtime for the build and override the
// deployed runtime in the generated CloudFormation (`resources.extensions.<Fn>LambdaFunction`);
// without one we set `runtime: provided.al2023` directly. `${...}` variables are never rewritten.
import type { Node, Scalar } from "yaml";
import { isMap, isSeq } from "yaml";
import { resolveHandlerEntry } from "../engine/discovery";
import { dirname } from "../engine/project";
import { lineColumnAt } from "../engine/text-position";
import type { RuleFinding } from "../engine/types";
import { markedBetween } from "./opt-out";
import { declaredFunctions } from "./serverless-functions";
import type { DeclaredFunction } from "./serverless-functions";
import { held, holdFor } from "./hold";
import type { Hold } from "./hold";
import type { IacFormat, IacFunction, IacInput, IacMigration } from "./types";
import { codeNotChecked, llrtRuntime, onLlrt } from "./code-check";
import { verbatim, YamlEditError, YamlEditor } from "./yaml-edit";
import { describeValue, mapEntries, mapGet, parseYaml, plainString } from "./yaml-source";
import { maxLayers } from "./llrt-deployment";

const rule = "serverless-llrt";
/** Serverless parameter the user fills with the layer ARN when --llrt-layer-arn is not given. */
export const layerParam = "${param:llrtLayerArn}";
const sdkExternals = ["@aws-sdk/*", "@smithy/*"];
/** Lambda's limit of layers per function. */

/** The CloudFormation logical id the framework generates (lib/plugins/aws/lib/naming.js). */
export function lambdaLogicalId(functionName: string): string {
  const normalized = functionName.replace(/-/g, "Dash").replace(/_/g, "Underscore");
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

type Bundler = "serverless-esbuild" | "esbuild (v4 built-in)" | "other" | null;

function pluginNames(root: unknown): string[] {
  const plugins = mapGet(root, "plugins");
  const list = isSeq(plugins) ? plugins : mapGet(plugins, "modules");
  return isSeq(list) ? list.items.map((item) => plainString(item) ?? "") : [];
}

function detectBundler(root: unknown, entries: Array<string | null>): Bundler {
  const plugins = pluginNames(root);
  if (plugins.includes("serverless-esbuild")) return "serverless-esbuild";
  if (plugins.some((p) => ["serverless-webpack", "serverless-plugin-typescript", "serverless-bundle"].includes(p))) return "other";
  const build = mapGet(root, "build");
  if (build !== undefined && plainString(mapGet(build, "esbuild")) !== "false" && mapGet(build, "esbuild") !== undefined) return "esbuild (v4 built-in)";
  const usesBuildFlag = [mapGet(root, "provider"), ...mapEntries(mapGet(root, "functions")).map(([, fn]) => fn)].some((n) => plainString(mapGet(n, "build")) === "esbuild");
  // v4 builds TypeScript handlers on its own, without any configuration.
  const v4 = /^\D*4/.test(String((mapGet(root, "frameworkVersion") as { value?: unknown } | undefined)?.value ?? ""));
  if (usesBuildFlag || (v4 && entries.some((e) => e && /\.[cm]?ts$/.test(e)))) return "esbuild (v4 built-in)";
  return null;
}

interface FnInfo {
  name: string;
  node: Node;
  handler: string;
  entry: string | null;
  runtime: string | undefined;
  /** The runtime node the function uses, its own or the provider's. */
  runtimeNode: Node | null | undefined;
  migrate: boolean;
  /** Why it keeps its runtime (opted out, code not checked), if it does. */
  hold?: Hold;
  /** Where it is declared: serverless.yml, or a file it references with `${file(...)}`. */
  declared: DeclaredFunction;
}

const runtimeLabel = (fn: FnInfo) => (fn.runtime === "nodejs" ? "the default Node.js runtime" : fn.runtime ?? null);

/** The finding for a function declared in another file that llrt-migrate cannot move from serverless.yml. */
function externalFinding(fn: FnInfo, why: string): RuleFinding {
  return {
    rule, severity: "warning", ...fn.declared.external!.at,
    message: `Function ${fn.name} stays on ${runtimeLabel(fn) ?? "its runtime"}: it is declared in ${fn.declared.external!.file}, which llrt-migrate reads but does not edit, and ${why}.`,
    fix: `Set its runtime (${llrtRuntime}), architecture and the LLRT layer in ${fn.declared.external!.file} by hand, or move its declaration into serverless.yml and run llrt-migrate again.`,
  };
}

/** A function from another file that sets its own runtime, architecture or layers would need edits there. */
function ownSettingsElsewhere(fn: FnInfo): RuleFinding | undefined {
  if (!fn.declared.external) return undefined;
  const own = ["runtime", "architecture", "layers", "memorySize"].filter((key) => mapGet(fn.node, key) !== undefined);
  return own.length ? externalFinding(fn, `it sets its own ${own.join(", ")} there`) : undefined;
}

function migrateServerless(input: IacInput): IacMigration {
  const { path, text, project, options } = input;
  const doc = parseYaml(text);
  const root = doc.contents;
  const editor = new YamlEditor(text, doc);
  const findings: RuleFinding[] = [];
  const at = (node: unknown) => lineColumnAt(text, (node as Node | null | undefined)?.range?.[0] ?? 0);
  const note = (node: unknown, message: string, fix?: string, severity: RuleFinding["severity"] = "info") =>
    findings.push({ rule, severity, ...at(node), message, ...(fix ? { fix } : {}) });

  const provider = mapGet(root, "provider");
  const providerRuntime = mapGet(provider, "runtime");
  const declarations = declaredFunctions(root, path, text, project, rule);
  findings.push(...declarations.findings);
  const infos: FnInfo[] = declarations.functions.filter((d) => mapGet(d.node, "image") === undefined).map((declaration) => {
    const { name, node } = declaration;
    const handler = plainString(mapGet(node, "handler")) ?? "";
    const own = mapGet(node, "runtime");
    const runtimeNode = own !== undefined ? own : providerRuntime;
    // No runtime anywhere: the framework's default is a Node.js runtime.
    const declared = plainString(runtimeNode);
    const runtime = runtimeNode === undefined ? "nodejs" : declared?.includes("${") ? undefined : declared;
    const entry = handler ? resolveHandlerEntry(project, dirname(path), handler) : null;
    return { name, node, handler, entry, runtime, runtimeNode, migrate: false, declared: declaration };
  });
  /** Where a function's findings point: its declaration, or the `${file()}` reference that brings it in. */
  const fnAt = (fn: FnInfo, node: unknown = fn.node) => fn.declared.external?.at ?? at(node);
  /** Why the code of a function whose handler file is not in the project could not be read (a prebuilt artifact, or a wrong path). */
  const unseenCode = (fn: FnInfo) => {
    const artifact = plainString(mapGet(mapGet(fn.node, "package"), "artifact") ?? mapGet(mapGet(root, "package"), "artifact"));
    return artifact
      ? { why: `its package is the prebuilt artifact ${artifact}`, at: mapGet(fn.node, "package") ? fnAt(fn, mapGet(fn.node, "package")) : at(mapGet(root, "package")),
        fix: "Run llrt-migrate on the sources the artifact is built from, and build it as an ES module bundle for es2023." }
      : { why: `the source file of handler \`${fn.handler}\` was not found in the project`, at: fnAt(fn, mapGet(fn.node, "handler") ?? fn.node),
        fix: "Check the handler path (relative to serverless.yml)." };
  };
  const bundler = detectBundler(root, infos.map((f) => f.entry));
  const extensionRuntime = (name: string) =>
    plainString(editor.get(["resources", "extensions", lambdaLogicalId(name), "Properties", "Runtime"]));

  // What Lambda runs: a bundled function's runtime is overridden in resources.extensions.
  const deployedRuntime = (fn: FnInfo) => extensionRuntime(fn.name) ?? (fn.runtime === "nodejs" ? null : fn.runtime ?? null);

  for (const fn of infos) {
    const isNode = !!fn.runtime?.startsWith("nodejs");
    const movedToLlrt = [fn.runtime, extensionRuntime(fn.name)].some((runtime) => onLlrt(runtime, fn.entry, fn.handler));
    if (fn.runtime === undefined) {
      note(mapGet(fn.node, "runtime") !== undefined && fn.declared.external ? undefined : fn.runtimeNode, `Function ${fn.name} takes its runtime from \`${describeValue(fn.runtimeNode, text)}\`, which llrt-migrate leaves alone.`,
        `Make it resolve to ${bundler ? "a nodejs runtime (for the bundler) and override Runtime" : llrtRuntime} for this function.`, "warning");
    }
    if (!isNode && !movedToLlrt) continue;
    fn.hold = holdFor({
      options, rule, at: fnAt(fn), label: `Function ${fn.name}`, runtime: runtimeLabel(fn),
      marked: markedBetween(fn.declared.text, fn.declared.keyStart, fn.node?.range?.[1] ?? fn.declared.keyStart), paths: [fn.entry], kept: input.keep?.get(fn.name),
      cannotMove: isNode ? ownSettingsElsewhere(fn) : undefined,
      unseen: isNode && !fn.entry ? unseenCode(fn) : undefined, // a function already on LLRT stays there
    });
    fn.migrate = !fn.hold;
  }
  // A function from another file moves only through provider settings: when the provider cannot change
  // (a function that stays on Node inherits them), it stays on Node too.
  const settings = ["runtime", "architecture", ...(options.llrtDelivery === "layer" ? ["layers"] : []), ...(options.memory !== undefined ? ["memorySize"] : [])];
  const blocking = settings.filter((key) => infos.some((f) => !f.migrate && mapGet(f.node, key) === undefined));
  for (const fn of blocking.length ? infos.filter((f) => f.migrate && f.declared.external) : []) {
    fn.migrate = false;
    fn.hold = { finding: externalFinding(fn, `the provider's ${blocking.join(", ")} cannot change, since other functions that stay on Node.js inherit it`) };
  }
  const migrated = infos.filter((f) => f.migrate);
  const listed = (fn: FnInfo, findings: RuleFinding[]): IacFunction => ({
    name: fn.name, handler: fn.handler, entry: fn.entry, findings,
    runtime: { before: deployedRuntime(fn), after: llrtRuntime },
  });
  const functions: IacFunction[] = migrated.map((fn) => {
    const unseen = fn.entry ? undefined : unseenCode(fn);
    return listed(fn, unseen ? [codeNotChecked(rule, unseen.at, `Function ${fn.name}`, unseen.why, unseen.fix)] : []);
  });
  functions.push(...infos.flatMap((fn) => (fn.hold ? [held(listed(fn, []), fn.hold)] : [])));
  if (migrated.length === 0) return { functions, findings, text };

  /** Applies one edit; a value we must not rewrite becomes a warning instead. */
  const attempt = (what: string, edit: () => boolean) => {
    try {
      return edit();
    } catch (error) {
      if (!(error instanceof YamlEditError)) throw error;
      findings.push({ rule, severity: "warning", line: error.line, column: error.column, message: `${what}: ${error.message}, so llrt-migrate left it alone.`, fix: `Set ${what} by hand.` });
      return false;
    }
  };
  /** Functions that inherit a provider-level key (they do not set it themselves). */
  const inheritors = (key: string) => infos.filter((f) => mapGet(f.node, key) === undefined);
  const providerMayChange = (key: string) => inheritors(key).every((f) => f.migrate);

  // Scalar settings: on the function when it sets them; on the provider when every function that
  // inherits it moves to LLRT; otherwise per function, so a Python function keeps its value.
  const place = (key: string, value: string | number, skipDefault?: string) => {
    const changedAt: string[] = [];
    const providerHas = mapGet(provider, key) !== undefined;
    const toProvider = providerMayChange(key) && (providerHas || skipDefault !== value);
    if (toProvider && attempt(`provider.${key}`, () => editor.set(["provider", key], value))) changedAt.push("provider");
    for (const fn of migrated) {
      const own = mapGet(fn.node, key) !== undefined;
      if (!own && (toProvider || (!providerHas && skipDefault === value))) continue;
      if (attempt(`functions.${fn.name}.${key}`, () => editor.set(["functions", fn.name, key], value))) changedAt.push(fn.name);
    }
    if (changedAt.length) note(provider ?? root, `${key}: ${value} (${changedAt.join(", ")}).`);
  };

  // 1. Runtime.
  if (bundler) {
    const changed = migrated.filter((fn) =>
      attempt(`resources.extensions.${lambdaLogicalId(fn.name)}`, () =>
        editor.set(["resources", "extensions", lambdaLogicalId(fn.name), "Properties", "Runtime"], llrtRuntime)));
    if (changed.length) {
      note(providerRuntime ?? provider ?? root,
        `The bundler (${bundler}) only builds nodejs* functions, so the Node.js runtime stays for the build and the deployed runtime is overridden to ${llrtRuntime} in resources.extensions (${changed.map((f) => lambdaLogicalId(f.name)).join(", ")}).`);
    }
  } else {
    for (const fn of migrated) {
      if (!fn.runtime?.startsWith("nodejs")) continue;
      // The provider's runtime only when no skipped Node function inherits it.
      const own = mapGet(fn.node, "runtime") !== undefined;
      const where = own || !providerMayChange("runtime") ? ["functions", fn.name, "runtime"] : ["provider", "runtime"];
      if (attempt(where.join("."), () => editor.set(where, llrtRuntime))) note(fn.runtimeNode ?? provider ?? root, `${where.join(".")}: ${fn.runtime === "nodejs" ? "(default Node.js)" : fn.runtime} -> ${llrtRuntime}.`);
    }
    const ts = migrated.filter((fn) => fn.entry && /\.[cm]?ts$/.test(fn.entry));
    note(provider ?? root, "No bundler plugin: the framework zips the sources as they are, and LLRT runs only JavaScript (ESM, es2023).",
      "Bundle each handler first (esbuild --bundle --format=esm --target=es2023 --platform=browser --external:@aws-sdk --external:@smithy) and deploy it with `package.artifact`, or add serverless-esbuild.",
      ts.length ? "warning" : "info");
  }

  // 2. Architecture (x86_64 is the default, so it is written only where a key exists or arm64 is wanted).
  place("architecture", options.arch, "x86_64");
  if (options.memory !== undefined) place("memorySize", options.memory);

  // 3. The LLRT bootstrap: a layer, or inside the package.
  if (options.llrtDelivery === "layer") {
    const layer = options.llrtLayerArn ?? layerParam;
    const providerLayers = mapGet(provider, "layers");
    const toProvider = providerMayChange("layers") && (providerLayers !== undefined || migrated.length === infos.length);
    /** Lambda allows five layers: a list that is full without the LLRT layer gets a warning instead. */
    const full = (path: string[], what: string) => {
      const list = editor.get(path);
      if (!isSeq(list) || list.items.length < maxLayers || list.items.some((item) => plainString(item) === layer)) return false;
      note(list, `${what} already has ${list.items.length} layers, Lambda's limit is ${maxLayers}; the LLRT layer was not added.`,
        "Put the LLRT bootstrap in the package instead (--llrt-delivery bootstrap).", "warning");
      return true;
    };
    if (toProvider && !full(["provider", "layers"], "provider.layers")) attempt("provider.layers", () => editor.include(["provider", "layers"], [layer]));
    for (const fn of migrated) {
      const own = mapGet(fn.node, "layers") !== undefined;
      if (!own && toProvider) continue;
      if (full(own ? ["functions", fn.name, "layers"] : ["provider", "layers"], `Function ${fn.name}`)) continue;
      // A function's own `layers` replaces the provider's, so it must repeat them.
      const inherited = own ? [] : editor.itemsSource(["provider", "layers"]).map(verbatim);
      if (!own && isSeq(providerLayers) && providerLayers.items.some((item) => plainString(item) === layer)) continue; // inherits it already
      attempt(`functions.${fn.name}.layers`, () => editor.include(["functions", fn.name, "layers"], [...inherited, layer]));
    }
    if (!options.llrtLayerArn) {
      note(provider ?? root, `The LLRT layer is referenced as ${layerParam}.`,
        "Publish llrt-lambda-<arm64|x64>.zip from https://github.com/awslabs/llrt/releases as a layer and deploy with --param=\"llrtLayerArn=<layer version ARN>\".", "warning");
    }
  } else {
    note(provider ?? root, "LLRT is delivered inside the package: each function's zip must hold LLRT's `bootstrap` at its root.",
      "Download llrt-lambda-<arm64|x64>.zip from the LLRT releases and add its `bootstrap` to the package (e.g. `package.patterns` plus a copy step before deploy).", "warning");
  }

  // 4. Bundler settings: ESM for es2023, with the AWS SDK left to the runtime.
  if (bundler === "serverless-esbuild" || bundler === "esbuild (v4 built-in)") {
    const base = bundler === "serverless-esbuild" ? ["custom", "esbuild"] : ["build", "esbuild"];
    const settings: Array<[string, string]> = [["format", "esm"], ["target", "es2023"]];
    if (bundler === "serverless-esbuild") settings.push(["outputFileExtension", ".mjs"]);
    const changed = settings.filter(([key, value]) => attempt([...base, key].join("."), () => editor.set([...base, key], value)));
    const excluded = attempt([...base, "exclude"].join("."), () => editor.include([...base, "exclude"], sdkExternals));
    if (changed.length || excluded) {
      note(editor.get(base) ?? root, `${base.join(".")}: ESM output for es2023 with ${sdkExternals.join(" and ")} left to LLRT's built-in SDK.`);
    }
  } else if (bundler === "other") {
    note(root, "A bundler plugin other than esbuild builds these functions; llrt-migrate does not edit its settings.",
      "Configure it to emit ESM for es2023 and to leave @aws-sdk/* and @smithy/* out of the bundle.", "warning");
  }

  return { functions, findings, text: editor.changed ? editor.apply() : text };
}

export const serverlessFormat: IacFormat = {
  source: "serverless",
  rule,
  detect: (path, text) => /(^|\/)serverless\.ya?ml$/.test(path) && /^provider\s*:/m.test(text),
  migrate: migrateServerless,
};
