// AWS SAM templates: every `AWS::Serverless::Function` on a Node.js runtime moves to LLRT's
// `provided.al2023`, edited where the runtime is declared (the function or `Globals.Function`).
import type { Node, Scalar } from "yaml";
import { isScalar } from "yaml";
import { dirname, joinPath } from "../engine/project";
import { resolveHandlerEntry } from "../engine/discovery";
import { TextEdits } from "../engine/text-edits";
import type { RuleFinding } from "../engine/types";
import type { IacFormat, IacFunction, IacInput, IacMigration } from "./types";
import { describeValue, lineColumnAt, mapEntries, nodeStart, mapGet, parseYaml, plainString, scalarLike } from "./yaml-source";

const rule = "sam-runtime";
export const llrtRuntime = "provided.al2023";

const isNodeRuntime = (runtime: string | undefined) => !!runtime && /^nodejs/.test(runtime);

/** A property read from the function, falling back to `Globals.Function` as SAM merges them. */
function withGlobals(props: unknown, globals: unknown, key: string): { node: Node | null | undefined; fromGlobals: boolean } {
  const own = mapGet(props, key);
  return own !== undefined ? { node: own, fromGlobals: false } : { node: mapGet(globals, key), fromGlobals: true };
}

function firstEntryPoint(resource: unknown): string | undefined {
  const entryPoints = mapGet(mapGet(mapGet(resource, "Metadata"), "BuildProperties"), "EntryPoints");
  const first = (entryPoints as { items?: unknown[] } | null | undefined)?.items?.[0];
  return plainString(first);
}

function migrateSam({ path, text, project }: IacInput): IacMigration {
  const doc = parseYaml(text);
  const globals = mapGet(mapGet(doc.contents, "Globals"), "Function");
  const edits = new TextEdits();
  const editedNodes = new Set<Node>();
  const functions: IacFunction[] = [];
  const findings: RuleFinding[] = [];
  const at = (node: Node | null | undefined) => lineColumnAt(text, nodeStart(node, text));

  for (const [name, resource] of mapEntries(mapGet(doc.contents, "Resources"))) {
    if (plainString(mapGet(resource, "Type")) !== "AWS::Serverless::Function") continue;
    const props = mapGet(resource, "Properties");
    const fnFindings: RuleFinding[] = [];

    if (plainString(mapGet(props, "PackageType")) === "Image") {
      findings.push({
        rule, severity: "info", ...at(resource),
        message: `Function ${name} is a container image; its runtime comes from the image, so the template is left as is.`,
        fix: "Build the image on LLRT's container base (see the llrt-container release assets) instead of a Node.js base image.",
      });
      continue;
    }

    const runtime = withGlobals(props, globals, "Runtime");
    const runtimeBefore = plainString(runtime.node);
    const handler = plainString(withGlobals(props, globals, "Handler").node) ?? "";
    const codeUriNode = withGlobals(props, globals, "CodeUri").node;
    const codeUri = codeUriNode == null ? "" : plainString(codeUriNode);
    const inline = mapGet(props, "InlineCode") !== undefined;
    const entry =
      inline || codeUri === undefined || /^s3:\/\//.test(codeUri)
        ? null
        : resolveHandlerEntry(project, joinPath(dirname(path), codeUri), handler, firstEntryPoint(resource));

    if (runtime.node && runtimeBefore === undefined) {
      fnFindings.push({
        rule, severity: "warning", ...at(runtime.node),
        message: `Function ${name} takes its runtime from \`${describeValue(runtime.node, text)}\`, which llrt-migrate cannot evaluate.`,
        fix: `Make the value resolve to ${llrtRuntime} for this function.`,
      });
    }
    const isNode = isNodeRuntime(runtimeBefore);
    const alreadyLlrt = runtimeBefore === llrtRuntime && entry !== null && /\.[cm]?[jt]sx?$/.test(entry);
    if (!isNode && !alreadyLlrt && runtimeBefore !== undefined) continue; // Python, Java, Go...: not ours

    if (isNode && isScalar(runtime.node) && !editedNodes.has(runtime.node)) {
      editedNodes.add(runtime.node);
      const range = runtime.node.range!;
      edits.replace(range[0], range[1], scalarLike(runtime.node as Scalar, llrtRuntime));
      const where = runtime.fromGlobals ? "Globals.Function.Runtime" : `${name}.Properties.Runtime`;
      findings.push({
        rule, severity: "info", ...at(runtime.node),
        message: `${where}: ${runtimeBefore} -> ${llrtRuntime}.`,
        fix: "LLRT runs as a custom runtime on Amazon Linux 2023.",
      });
    }
    if (!inline && entry === null && handler) {
      fnFindings.push({
        rule, severity: "warning", ...at(mapGet(props, "Handler") ?? resource),
        message: `The source file of handler \`${handler}\` of function ${name} was not found in the project, so its code was not checked.`,
        fix: "Check the Handler and CodeUri, or run llrt-migrate on the folder that holds the function's code.",
      });
    }
    functions.push({
      name,
      handler,
      entry,
      runtime: { before: runtimeBefore ?? (runtime.node ? describeValue(runtime.node, text) : null), after: isNode ? llrtRuntime : runtimeBefore ?? null },
      findings: fnFindings,
    });
  }
  return { functions, findings, text: edits.apply(text) };
}

export const samFormat: IacFormat = {
  source: "sam",
  rule,
  detect: (path, text) => /\.ya?ml$/.test(path) && text.includes("AWS::Serverless::Function"),
  migrate: migrateSam,
};
