// AWS CDK apps in TypeScript: a file that imports aws-cdk-lib is infrastructure, not function code.
// It is migrated by the cdk-llrt transform and its Lambda constructs name the functions' entry files
// (NodejsFunction `entry` + `handler`, lambda.Function `code: Code.fromAsset(dir)` + `handler`).
// Because the engine hands a file to the first format that claims it, code rules never see it.
import jscodeshift from "jscodeshift";
import type { Collection, JSCodeshift } from "jscodeshift";
import { findCdkConstructs, getProp, hasInlineCode, inlineCodeFinding, isTypeScript, migrateCdkSource } from "../../transforms/cdk-llrt";
import type { CdkConstruct } from "../../transforms/cdk-llrt";
import { isCodeFile, parserFor, positionOf } from "../engine/code-rule";
import { resolveHandlerEntry } from "../engine/discovery";
import { describeError, ParseError } from "../engine/errors";
import type { Project } from "../engine/project";
import { dirname, joinPath } from "../engine/project";
import type { RuleFinding } from "../engine/types";
import { skipReason } from "./opt-out";
import type { IacFormat, IacFunction, IacInput, IacMigration } from "./types";

const rule = "cdk-llrt";
const llrtRuntime = "provided.al2023";
const sourceExtensions = [".ts", ".js", ".mjs", ".mts", ".tsx", ".jsx"];

/** The CDK app's directory (where `cdk synth` runs): relative `entry` paths resolve from there. */
function appRoot(project: Project, file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (project.has(joinPath(dir, "cdk.json")) || project.has(joinPath(dir, "package.json"))) return dir;
    if (dir === "") return "";
  }
}

/**
 * A path expression as the CDK evaluates it: a string literal (relative to the app root),
 * `path.join(__dirname, "..", "x")`/`path.resolve(...)` or `${__dirname}/x` (relative to the file).
 */
function evalPath(node: unknown, file: string, root: string): string | undefined {
  const n = node as { type: string; value?: unknown; callee?: { type: string; name?: string; property?: { name?: string } }; arguments?: unknown[]; quasis?: Array<{ value: { cooked: string } }>; expressions?: unknown[] };
  if (n?.type === "StringLiteral") return joinPath(root, String(n.value));
  const isDirname = (x: unknown) => (x as { type: string; name?: string })?.type === "Identifier" && (x as { name: string }).name === "__dirname";
  if (n?.type === "CallExpression") {
    const fn = n.callee?.type === "Identifier" ? n.callee.name : n.callee?.property?.name;
    const [first, ...rest] = n.arguments ?? [];
    if ((fn === "join" || fn === "resolve") && isDirname(first) && rest.every((a) => (a as { type: string }).type === "StringLiteral")) {
      return joinPath(dirname(file), ...rest.map((a) => String((a as { value: unknown }).value)));
    }
  }
  if (n?.type === "TemplateLiteral" && n.expressions?.length === 1 && isDirname(n.expressions[0]) && n.quasis?.[0].value.cooked === "") {
    return joinPath(dirname(file), n.quasis[1].value.cooked);
  }
  return undefined;
}

const stringProp = (c: CdkConstruct, key: string) => {
  const value = getProp(c.props, key)?.value as { type: string; value?: unknown } | undefined;
  return value?.type === "StringLiteral" ? String(value.value) : undefined;
};

/** `lambda.Runtime.NODEJS_20_X` -> `nodejs20.x`, as the template will say. */
const runtimeName = (text: string | undefined) => {
  if (!text) return null;
  const match = /\.NODEJS_(\d+_X|LATEST)$/.exec(text);
  return match ? `nodejs${match[1] === "LATEST" ? " (latest)" : match[1].replace("_X", ".x")}` : /\.PROVIDED_AL2023$/.test(text) ? llrtRuntime : text;
};

function describeFunction(c: CdkConstruct, project: Project, file: string): IacFunction | undefined {
  const root = appRoot(project, file);
  if (c.kind === "Function") {
    const runtime = runtimeName(c.runtime);
    const handler = stringProp(c, "handler") ?? "";
    const code = getProp(c.props, "code")?.value as { type: string; callee?: { property?: { name?: string } }; arguments?: unknown[] } | undefined;
    const codeDir = code?.type === "CallExpression" && code.callee?.property?.name === "fromAsset" ? evalPath(code.arguments?.[0], file, root) : undefined;
    const entry = codeDir !== undefined && handler ? resolveHandlerEntry(project, codeDir, handler) : null;
    const onLlrt = runtime === llrtRuntime && entry !== null && isCodeFile(entry);
    if (!runtime?.startsWith("nodejs") && !onLlrt) return undefined;
    return { name: c.id, handler, entry, runtime: { before: runtime, after: llrtRuntime }, findings: [] };
  }
  // NodejsFunction / LlrtFunction: `entry` defaults to `<defining file>.<id>.ts`, `handler` to "handler".
  const explicit = getProp(c.props, "entry");
  const base = explicit ? evalPath(explicit.value, file, root) : file.replace(/\.[^./]+$/, `.${c.id}`);
  const candidates = base === undefined ? [] : explicit ? [base] : sourceExtensions.map((ext) => base + ext);
  const entry = candidates.find((p) => project.has(p)) ?? null;
  const exportName = stringProp(c, "handler") ?? "handler";
  const module = (entry ?? base ?? "index").split("/").pop()!.replace(/\.[^.]+$/, "");
  return {
    name: c.id,
    handler: `${module}.${exportName.slice(exportName.lastIndexOf(".") + 1)}`,
    entry,
    runtime: { before: c.kind === "LlrtFunction" ? llrtRuntime : runtimeName(c.runtime), after: llrtRuntime },
    findings: [],
  };
}

function parse(j: JSCodeshift, text: string): Collection {
  try {
    return j(text);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new ParseError(`syntax error: ${describeError(error).replace(/ \(\d+:\d+\)$/, "")}`, loc?.line, loc ? loc.column + 1 : undefined);
  }
}

function migrateCdk({ path, text, project, options }: IacInput): IacMigration {
  const j = jscodeshift.withParser(parserFor(path));
  const root = parse(j, text);
  const functions: IacFunction[] = [];
  const skippedNodes = new Set<unknown>();
  // Discovery reads the constructs before the transform rewrites them.
  for (const c of findCdkConstructs(j, root, text)) {
    const fn = describeFunction(c, project, path);
    if (!fn) continue;
    const skip = c.kind === "LlrtFunction" ? undefined : skipReason(options, c.ignored, [fn.entry]);
    if (skip) {
      skippedNodes.add(c.path.node);
      fn.skipped = true;
      fn.runtime = { before: fn.runtime.before, after: fn.runtime.before };
      fn.findings.push({ rule, severity: "info", ...positionOf(c.path.node), message: `${c.kind} ${c.id} was skipped: ${skip}.` });
    }
    if (!skip && hasInlineCode(c)) {
      skippedNodes.add(c.path.node); // listed with its warning here, so the transform passes over it
      fn.runtime = { before: fn.runtime.before, after: fn.runtime.before };
      fn.findings.push(inlineCodeFinding(c));
    } else if (fn.entry === null) {
      fn.findings.push({
        rule, severity: "warning", ...positionOf(c.path.node),
        message: `The source file of ${c.kind} ${c.id} was not found in the project, so its code was not checked.`,
        fix: "Use a string literal or path.join(__dirname, ...) for `entry` / `Code.fromAsset`, or check the path.",
      });
    }
    functions.push(fn);
  }
  const findings: RuleFinding[] = [];
  const migrated = migrateCdkSource(j, root, text, options, (f) => findings.push(f), {
    skipped: (c) => c.ignored || skippedNodes.has(c.path.node),
    typed: isTypeScript(path),
  });
  return { functions, findings, text: migrated };
}

export const cdkFormat: IacFormat = {
  source: "cdk",
  rule,
  detect: (path, text) => isCodeFile(path) && /\bfrom\s+["']aws-cdk-lib(\/[\w-]+)?["']/.test(text),
  migrate: migrateCdk,
};
