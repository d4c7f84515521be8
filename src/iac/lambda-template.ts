// Moving the Node.js functions of a CloudFormation-style template (SAM `AWS::Serverless::Function`
// and plain `AWS::Lambda::Function`, YAML or JSON) onto LLRT. Written once against TemplateDoc;
// sam.ts and cloudformation.ts only decide which files they own.
//
// Per function: Runtime -> provided.al2023, Architectures -> options.arch, the LLRT layer (or a note
// on bootstrap delivery), MemorySize when asked, and for SAM an esbuild build (ESM, es2023, AWS SDK
// left to the runtime). Every step first checks whether the template already says so, which is what
// makes a second run change nothing.
import { resolveHandlerEntry } from "../engine/discovery";
import { dirname, joinPath } from "../engine/project";
import type { RuleFinding } from "../engine/types";
import type { Path, PlainMap, TemplateDoc } from "./template-doc";
import { describe, get, intrinsicName, isMapValue, sameValue, str } from "./template-doc";
import type { IacFunction, IacInput, IacMigration } from "./types";
import { codeNotChecked, isJsEntry, llrtRuntime, onLlrt } from "./code-check";
import { llrtAsset, maxLayers } from "./llrt-deployment";
import { held, holdFor } from "./hold";
import { asFolder, ignoreMarker } from "./opt-out";

export { llrtRuntime };
const samFunction = "AWS::Serverless::Function";
const cfnFunction = "AWS::Lambda::Function";
const layerTypes = new Set(["AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion"]);
const layerParameter = "LlrtLayerArn";
/** Opt-out marker for JSON templates, which cannot carry comments: `"Metadata": {"llrt-migrate-ignore": true}`. */
const ignoreKey = ignoreMarker;

const isNodeRuntime = (runtime: string | undefined) => !!runtime && /^nodejs/.test(runtime);

/** Where a function's code lives: a project folder, inline in the template, or already packaged elsewhere. */
type Code = { kind: "local"; dir: string } | { kind: "inline" } | { kind: "remote" };

interface Fn {
  name: string;
  path: Path;
  resource: PlainMap;
  props: PlainMap;
  sam: boolean;
  runtime: unknown;
  runtimeFromGlobals: boolean;
  handler: string;
  code: Code;
  entry: string | null;
  findings: RuleFinding[];
}


function codeOf(fn: { sam: boolean; props: PlainMap }, globals: unknown, templatePath: string): Code {
  if (fn.sam) {
    if (fn.props.InlineCode !== undefined) return { kind: "inline" };
    const uri = fn.props.CodeUri ?? get(globals, "CodeUri");
    if (uri === undefined || uri === null) return { kind: "local", dir: dirname(templatePath) };
    const path = str(uri);
    return path === undefined || /^s3:\/\//.test(path) ? { kind: "remote" } : { kind: "local", dir: joinPath(dirname(templatePath), path) };
  }
  const code = fn.props.Code;
  if (typeof code === "string") return { kind: "local", dir: joinPath(dirname(templatePath), code) }; // `aws cloudformation package`
  return get(code, "ZipFile") !== undefined ? { kind: "inline" } : { kind: "remote" };
}

export function migrateTemplate(doc: TemplateDoc, input: IacInput, rule: string): IacMigration {
  const { path, project, options } = input;
  const data = doc.data;
  const resources = get(data, "Resources");
  const globals = get(data, "Globals", "Function");
  const isSamTemplate = JSON.stringify(get(data, "Transform") ?? "").includes("AWS::Serverless");
  const fileFindings: RuleFinding[] = [];
  const functions: IacFunction[] = [];
  let unlisted = 0;
  const at = (p: Path) => doc.position(p);
  if (!isMapValue(resources)) return { functions, findings: fileFindings, text: doc.text() };

  // Layers and parameters that already hold LLRT (from an earlier run, or set up by the user).
  const llrtLayerResources = Object.entries(resources)
    .filter(([, r]) => layerTypes.has(str(get(r, "Type")) ?? "") && /llrt/i.test(JSON.stringify(get(r, "Properties") ?? "")))
    .map(([name]) => name);
  const hasParameter = get(data, "Parameters", layerParameter) !== undefined;
  function isLlrtLayer(item: unknown): boolean {
    const ref = str(get(item, "Ref"));
    return (typeof item === "string" && /llrt/i.test(item)) || (!!ref && (llrtLayerResources.includes(ref) || ref === layerParameter));
  }
  function hasLlrtLayer(fn: Pick<Fn, "props" | "sam">): boolean {
    const lists = [fn.props.Layers, fn.sam ? get(globals, "Layers") : undefined];
    return lists.some((list) => Array.isArray(list) && list.some(isLlrtLayer));
  }

  // 1. Which functions are ours, and which of them we leave alone.
  const samNames: string[] = [];
  const migrating: Fn[] = [];
  for (const [name, resource] of Object.entries(resources)) {
    const type = str(get(resource, "Type"));
    if (type !== samFunction && type !== cfnFunction) continue;
    const sam = type === samFunction;
    if (sam) samNames.push(name);
    const props = get(resource, "Properties");
    if (!isMapValue(resource) || !isMapValue(props)) continue;
    const fnPath: Path = ["Resources", name];
    if (str(props.PackageType) === "Image") {
      fileFindings.push({
        rule, severity: "info", ...at(fnPath),
        message: `Function ${name} is a container image; its runtime comes from the image, so the template is left as is.`,
        fix: "Build the image on LLRT's container base (see the llrt-container release assets) instead of a Node.js base image.",
      });
      unlisted++;
      continue;
    }
    const runtimeFromGlobals = sam && props.Runtime === undefined;
    const runtime = runtimeFromGlobals ? get(globals, "Runtime") : props.Runtime;
    const handler = str(props.Handler ?? (sam ? get(globals, "Handler") : undefined)) ?? "";
    const code = codeOf({ sam, props }, globals, path);
    const firstEntryPoint = str(get(resource, "Metadata", "BuildProperties", "EntryPoints", 0));
    const entry = code.kind === "local" ? resolveHandlerEntry(project, code.dir, handler, firstEntryPoint) : null;
    const fn: Fn = { name, path: fnPath, resource, props, sam, runtime, runtimeFromGlobals, handler, code, entry, findings: [] };
    const runtimeText = str(runtime);
    const runtimePath: Path = runtimeFromGlobals ? ["Globals", "Function", "Runtime"] : [...fnPath, "Properties", "Runtime"];

    const computed = runtime !== undefined && runtimeText === undefined;
    const ours = runtimeText === llrtRuntime && (isJsEntry(entry) || get(resource, "Metadata", "BuildMethod") === "esbuild" || hasLlrtLayer(fn));
    // A `module.export` handler on provided.al2023 with code we cannot see (S3, bootstrap delivery) is
    // most likely an earlier run's output: listed, but not edited, since we cannot be sure it is LLRT.
    const probablyOurs = !ours && onLlrt(runtimeText, entry, handler);
    if (!computed && !isNodeRuntime(runtimeText) && !ours && !probablyOurs) { // Python, Java, Go...: not ours
      unlisted++;
      continue;
    }

    const buildMethod = get(resource, "Metadata", "BuildMethod");
    const listed = (after: string | null): IacFunction => ({
      name, handler, entry, findings: fn.findings, ...(buildMethod === "esbuild" ? { bundled: true as const } : {}),
      runtime: { before: runtimeText ?? (computed ? describe(runtime) : null), after },
    });
    // Code out of sight (S3, or a handler file not in the project) was not checked.
    const unseen = entry !== null ? undefined : code.kind === "remote"
      ? { why: "its package comes from S3", at: at([...fnPath, "Properties", sam ? "CodeUri" : "Code"]) }
      : code.kind === "local" ? { why: `the source file of handler \`${handler}\` was not found in the project`, at: at([...fnPath, "Properties", "Handler"]) } : undefined;
    const hold = holdFor({
      options, rule, at: at(fnPath), label: `Function ${name}`, runtime: runtimeText ?? describe(runtime),
      marked: doc.hasIgnoreComment(fnPath) || get(resource, "Metadata", ignoreKey) === true,
      paths: [entry, code.kind === "local" ? asFolder(code.dir) : null], kept: input.keep?.get(name),
      cannotMove: computed ? {
        rule, severity: "warning", ...at(runtimePath),
        message: `Function ${name} takes its runtime from \`${describe(runtime)}\`, which llrt-migrate cannot evaluate.`,
        fix: `Make the value resolve to ${llrtRuntime} for this function.`,
      } : code.kind === "inline" ? {
        // CloudFormation accepts inline code (ZipFile; SAM InlineCode becomes ZipFile) only with Node.js
        // or Python runtimes (cfn-lint E3677), so provided.al2023 would not deploy.
        rule, severity: "warning", ...at(fnPath),
        message: `Function ${name} has inline code, which CloudFormation only accepts with a Node.js or Python runtime; it stays on ${runtimeText}.`,
        fix: "Move the code into a file (CodeUri / Code pointing at a package) to run it on LLRT.",
      } : undefined,
      unseen: isNodeRuntime(runtimeText) ? unseen : undefined, // a function already on LLRT stays there
    });
    if (hold) {
      functions.push(held(listed(llrtRuntime), hold));
      continue;
    }
    if (unseen) {
      fn.findings.push(codeNotChecked(rule, unseen.at, name, unseen.why, code.kind === "remote"
        ? "Run llrt-migrate on the function's source, and upload an ES module bundle for es2023 (AWS SDK external)."
        : "Check the Handler and CodeUri, or run llrt-migrate on the folder that holds the function's code."));
    }
    if (probablyOurs) {
      functions.push(listed(llrtRuntime));
      continue;
    }
    migrating.push(fn);
    // ensureSamBuild (below) gives a SAM function with local code and no BuildMethod an esbuild build.
    const gainsEsbuild = sam && code.kind === "local" && buildMethod === undefined;
    functions.push({ ...listed(llrtRuntime), ...(gainsEsbuild ? { bundled: true as const } : {}) });
  }

  // 2. The edits. SAM merges Globals.Function into every AWS::Serverless::Function, so a global value
  // is edited only when every function that inherits it moves to LLRT.
  const migratingNames = new Set(migrating.map((fn) => fn.name));
  const globalIsShared = (key: string) =>
    samNames.filter((name) => !migratingNames.has(name) && get(resources, name, "Properties", key) === undefined);
  const editedGlobals = new Set<string>();
  const changed = (where: Path, message: string, fix?: string) =>
    fileFindings.push({ rule, severity: "info", ...at(where), message, ...(fix ? { fix } : {}) });

  /** Makes `mapPath.key` hold `value`: edits a plain value, adds a missing key, reports an intrinsic. */
  function ensure(fn: Fn, mapPath: Path, key: string, value: string | number, why?: string): void {
    const current = get(data, ...mapPath, key);
    const where = [...mapPath.slice(mapPath[0] === "Resources" ? 1 : 0), key].join(".");
    if (current === value) return;
    if (current === undefined) {
      doc.addKey(mapPath, key, value);
      changed(mapPath, `${where}: set to ${value}.`, why);
    } else if (typeof current === "string" || typeof current === "number") {
      doc.replace([...mapPath, key], value);
      changed([...mapPath, key], `${where}: ${current} -> ${value}.`, why);
    } else {
      fn.findings.push({ rule, severity: "warning", ...at([...mapPath, key]), message: `${where} is \`${describe(current)}\`; llrt-migrate leaves it.`, fix: `Make it ${value}.` });
    }
  }

  /** A primitive SAM may inherit from Globals (a function's own value replaces the global one). */
  function ensureInherited(fn: Fn, key: string, value: string | number, why: string): void {
    const props: Path = [...fn.path, "Properties"];
    if (!fn.sam || fn.props[key] !== undefined || get(globals, key) === undefined) return ensure(fn, props, key, value, why);
    if (get(globals, key) === value || editedGlobals.has(key)) return;
    const others = globalIsShared(key);
    if (others.length) return ensure(fn, props, key, value, `${why} Set on the function because Globals.Function.${key} also applies to ${others.join(", ")}.`);
    editedGlobals.add(key);
    ensure(fn, ["Globals", "Function"], key, value, why);
  }

  /** Sets the architecture to options.arch where it can; returns the one the function will run on. */
  function ensureArchitecture(fn: Fn): string {
    const target = options.arch;
    const own = fn.props.Architectures;
    const global = fn.sam && own === undefined ? get(globals, "Architectures") : undefined;
    const listPath: Path = global !== undefined ? ["Globals", "Function", "Architectures"] : [...fn.path, "Properties", "Architectures"];
    const list = global ?? own;
    if (list === undefined) {
      if (target === "x86_64") return target; // Lambda's default
      doc.addKey([...fn.path, "Properties"], "Architectures", [target]);
      changed(fn.path, `${fn.name}.Architectures: set to [${target}].`, "LLRT's own benchmarks run on arm64.");
      return target;
    }
    if (sameValue(list, [target]) || (global !== undefined && editedGlobals.has("Architectures"))) return target;
    // Lists in Globals are concatenated with the function's own, so a function cannot override them.
    const others = global !== undefined ? globalIsShared("Architectures") : [];
    if (!Array.isArray(list) || list.length !== 1 || typeof list[0] !== "string" || others.length) {
      // A single plain value left in place is what the function keeps running on; it gets LLRT built for it.
      const kept = Array.isArray(list) && list.length === 1 && typeof list[0] === "string" ? list[0] : undefined;
      const reason = others.length ? `it also applies to ${others.join(", ")}, and SAM concatenates lists` : "llrt-migrate edits only a single plain value";
      fn.findings.push({
        rule, severity: "warning", ...at(listPath),
        message: `${global !== undefined ? "Globals.Function" : fn.name}.Architectures was left as \`${describe(list)}\`: ${reason}${kept ? `; ${fn.name} stays on ${kept} with LLRT for ${kept}` : ""}.`,
        fix: others.length
          ? `To move ${fn.name} to ${target}, give ${others.join(", ")} Architectures: ${kept ? `[${kept}]` : describe(list)} of their own and set Globals.Function.Architectures to [${target}].`
          : `Set the architecture of ${fn.name} to ${target} by hand.`,
      });
      return kept ?? target;
    }
    if (global !== undefined) editedGlobals.add("Architectures");
    doc.replace([...listPath, 0], target);
    changed(listPath, `${global !== undefined ? "Globals.Function" : fn.name}.Architectures: ${list[0]} -> ${target}.`);
    return target;
  }

  const layerRefs = new Map<string, unknown>();
  /** The value a function's Layers gets for an architecture: the given ARN, else a layer resource (SAM) or a parameter (CloudFormation). */
  function llrtLayer(arch: string): unknown {
    if (layerRefs.has(arch)) return layerRefs.get(arch);
    const ref = (value: unknown) => (layerRefs.set(arch, value), value);
    if (options.llrtLayerArn) return ref(options.llrtLayerArn);
    const existing = llrtLayerResources.find((name) => {
      const archs = get(resources, name, "Properties", "CompatibleArchitectures");
      return !Array.isArray(archs) || archs.includes(arch);
    });
    if (existing) return ref({ Ref: existing });
    if (hasParameter) return ref({ Ref: layerParameter });
    const asset = llrtAsset(arch, options.variant);
    if (isSamTemplate) {
      let name = "LlrtLayer";
      for (let n = 2; get(resources, name) !== undefined; n++) name = `LlrtLayer${n}`;
      doc.addKey(["Resources"], name, {
        Type: "AWS::Serverless::LayerVersion",
        Properties: { ContentUri: asset, CompatibleRuntimes: [llrtRuntime], CompatibleArchitectures: [arch] },
      });
      fileFindings.push({
        rule, severity: "warning", ...at(["Resources"]),
        message: `Added the LLRT layer ${name} built from ${asset}, which must sit next to the template.`,
        fix: `Download ${asset} from https://github.com/awslabs/llrt/releases into ${dirname(path) || "the project root"}, or rerun with --llrt-layer-arn <arn>.`,
      });
      return ref({ Ref: name });
    }
    const parameter = { Type: "String", Description: `ARN of an LLRT Lambda layer (from ${asset}, https://github.com/awslabs/llrt/releases)` };
    if (isMapValue(get(data, "Parameters"))) doc.addKey(["Parameters"], layerParameter, parameter);
    else doc.addKey([], "Parameters", { [layerParameter]: parameter });
    fileFindings.push({
      rule, severity: "warning", ...at(["Resources"]),
      message: `Added the parameter ${layerParameter} for the LLRT layer.`,
      fix: `Publish ${asset} as a layer (aws lambda publish-layer-version) and pass its ARN as ${layerParameter}, or rerun with --llrt-layer-arn <arn>.`,
    });
    return ref({ Ref: layerParameter });
  }

  function ensureLayer(fn: Fn, arch: string): void {
    const own = fn.props.Layers;
    const layersPath: Path = [...fn.path, "Properties", "Layers"];
    if (hasLlrtLayer(fn)) return;
    if (own !== undefined && !Array.isArray(own)) {
      return void fn.findings.push({ rule, severity: "warning", ...at(layersPath), message: `${fn.name}.Layers is \`${describe(own)}\`; the LLRT layer was not added.`, fix: "Add the LLRT layer by hand." });
    }
    // SAM puts Globals.Function.Layers in front of the function's own: both count towards Lambda's limit.
    const inherited = fn.sam ? get(globals, "Layers") : undefined;
    const count = (Array.isArray(own) ? own.length : 0) + (Array.isArray(inherited) ? inherited.length : 0);
    if (count >= maxLayers) {
      return void fn.findings.push({
        rule, severity: "warning", ...at(Array.isArray(own) ? layersPath : ["Globals", "Function", "Layers"]),
        message: `${fn.name} already has ${count} layers${Array.isArray(inherited) ? " (with Globals.Function.Layers)" : ""}, Lambda's limit is ${maxLayers}; the LLRT layer was not added.`,
        fix: "Put the LLRT bootstrap in the package instead (--llrt-delivery bootstrap).",
      });
    }
    const layer = llrtLayer(arch);
    if (Array.isArray(own)) doc.append(layersPath, layer);
    else doc.addKey([...fn.path, "Properties"], "Layers", [layer]);
    changed(fn.path, `${fn.name}.Layers: added the LLRT layer ${describe(layer)}.`, "The layer provides LLRT's bootstrap at /opt/bootstrap.");
  }

  /** SAM cannot build a `provided` runtime without a BuildMethod; esbuild bundles to what LLRT runs. */
  function ensureSamBuild(fn: Fn, dir: string): void {
    const metaPath: Path = [...fn.path, "Metadata"];
    const meta = fn.resource.Metadata;
    const method = get(meta, "BuildMethod");
    const external = options.variant === "no-sdk" ? [] : ["@aws-sdk", "@smithy"]; // no-sdk has no SDK to leave out
    const entryPoint = fn.entry?.startsWith(dir ? `${dir}/` : "") ? fn.entry.slice(dir ? dir.length + 1 : 0) : undefined;
    const build: PlainMap = {
      Format: "esm", Target: "es2023", ...(external.length ? { External: external } : {}),
      OutExtension: [".js=.mjs"], ...(entryPoint ? { EntryPoints: [entryPoint] } : {}),
    };
    if (method !== undefined && method !== "esbuild") {
      return void fn.findings.push({
        rule, severity: "warning", ...at([...metaPath, "BuildMethod"]),
        message: `${fn.name} is built with BuildMethod ${describe(method)}; llrt-migrate cannot tell what it produces.`,
        fix: `Make the build output an ESM bundle for es2023 with @aws-sdk and @smithy external${options.llrtDelivery === "bootstrap" ? ", plus LLRT's bootstrap" : ""}.`,
      });
    }
    if (method === undefined) {
      if (meta === undefined) doc.addKey(fn.path, "Metadata", { BuildMethod: "esbuild", BuildProperties: build });
      else {
        doc.addKey(metaPath, "BuildMethod", "esbuild");
        doc.addKey(metaPath, "BuildProperties", build);
      }
      return void changed(fn.path, `${fn.name}.Metadata: added an esbuild build (ESM, es2023${external.length ? ", AWS SDK external" : ""}).`, "SAM builds provided runtimes only with a BuildMethod; LLRT runs ES modules.");
    }
    const props = get(meta, "BuildProperties");
    const propsPath: Path = [...metaPath, "BuildProperties"];
    if (props === undefined) {
      doc.addKey(metaPath, "BuildProperties", build);
      return void changed(metaPath, `${fn.name}.Metadata.BuildProperties: added (ESM, es2023).`);
    }
    if (!isMapValue(props)) return;
    ensure(fn, propsPath, "Format", "esm", "LLRT runs ES modules.");
    ensure(fn, propsPath, "Target", "es2023", "LLRT supports ES2023.");
    const list = props.External;
    // A list that already names SDK packages one by one was chosen on purpose (e.g. by the
    // sam-sdk-externals rule, so that clients LLRT lacks get bundled): keep it as it is.
    const namesSdkPackages = Array.isArray(list) && list.some((e) => typeof e === "string" && /^@(aws-sdk|smithy)\//.test(e));
    const missing = Array.isArray(list) ? external.filter((e) => !list.includes(e)) : external;
    if (list === undefined && external.length) doc.addKey(propsPath, "External", external);
    else if (Array.isArray(list) && !namesSdkPackages) for (const name of missing) doc.append([...propsPath, "External"], name);
    if (missing.length && !namesSdkPackages) changed(propsPath, `${fn.name}: @aws-sdk and @smithy left to LLRT's built-in SDK.`);
    if (props.OutExtension === undefined) doc.addKey(propsPath, "OutExtension", [".js=.mjs"]);
    if (props.EntryPoints === undefined && entryPoint) doc.addKey(propsPath, "EntryPoints", [entryPoint]);
  }

  for (const fn of migrating) {
    ensureInherited(fn, "Runtime", llrtRuntime, "LLRT runs as a custom runtime on Amazon Linux 2023.");
    const arch = ensureArchitecture(fn);
    if (options.memory !== undefined) ensureInherited(fn, "MemorySize", options.memory, "Memory size chosen with --memory.");
    if (options.llrtDelivery === "layer") ensureLayer(fn, arch);
    else if (!hasLlrtLayer(fn)) {
      fn.findings.push({
        rule, severity: "warning", ...at(fn.path),
        message: `${fn.name} gets LLRT's bootstrap in its package (--llrt-delivery bootstrap), which the template cannot do by itself.`,
        fix: fn.sam
          ? `Copy \`bootstrap\` from ${llrtAsset(arch, options.variant)} next to the bundle (e.g. BuildMethod: makefile copying it into $(ARTIFACTS_DIR)).`
          : `Add \`bootstrap\` from ${llrtAsset(arch, options.variant)} to the function's zip.`,
      });
    }
    if (fn.sam && fn.code.kind === "local") ensureSamBuild(fn, fn.code.dir);
    else {
      fn.findings.push({
        rule, severity: "info", ...at(fn.path),
        message: `${fn.name}'s package is not built by the template: it must hold an ES module bundle.`,
        fix: "Bundle with `esbuild <entry> --bundle --platform=browser --format=esm --target=es2023 --external:@aws-sdk --external:@smithy` before packaging.",
      });
    }
  }
  return { functions, findings: fileFindings, text: doc.text(), ...(unlisted ? { unlisted } : {}) };
}
