// AWS CDK apps in TypeScript: a file that imports aws-cdk-lib is infrastructure, not function code.
// It is migrated by the cdk-llrt transform and its Lambda constructs name the functions' entry files
// (NodejsFunction `entry` + `handler`, lambda.Function `code: Code.fromAsset(dir)` + `handler`).
// Because the engine hands a file to the first format that claims it, code rules never see it.
import jscodeshift from "jscodeshift";
import type { Collection, JSCodeshift } from "jscodeshift";
import { isTypeScript } from "../engine/code-rule";
import { cannotMigrate, findCdkConstructs, getProp, mayRunNode, migrateCdkSource } from "../../transforms/cdk-llrt";
import type { CdkConstruct } from "../../transforms/cdk-llrt";
import { isCodeFile, positionOf } from "../engine/code-rule";
import { resolveHandlerEntry } from "../engine/discovery";
import { describeError, ParseError } from "../engine/errors";
import type { Project } from "../engine/project";
import { dirname, joinPath } from "../engine/project";
import { verbatimTree } from "../engine/source-tree";
import type { RuleFinding } from "../engine/types";
import { held, holdFor } from "./hold";
import type { IacFormat, IacFunction, IacInput, IacMigration } from "./types";
import { codeNotChecked, llrtRuntime, onLlrt } from "./code-check";

const rule = "cdk-llrt";
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

type CodeCall = { type: string; callee?: { property?: { name?: string } }; arguments?: unknown[] };
const codeCall = (c: CdkConstruct) => {
  const code = getProp(c.props, "code")?.value as CodeCall | undefined;
  return code?.type === "CallExpression" ? { method: code.callee?.property?.name, arg: code.arguments?.[0] } : undefined;
};

/** Why llrt-migrate could not read the code of a construct without an entry file. */
function unseenCode(c: CdkConstruct, file: string, text: string, project: Project): string {
  const root = appRoot(project, file);
  const source = (node: unknown) => text.slice((node as { start: number }).start, (node as { end: number }).end);
  if (c.kind === "Function") {
    const code = codeCall(c);
    if (code?.method === "fromAsset") {
      const dir = evalPath(code.arg, file, root);
      return dir === undefined ? `its asset path \`${source(code.arg)}\` is computed, which llrt-migrate cannot follow`
        : `the source file of handler \`${stringProp(c, "handler") ?? ""}\` was not found in ${dir || "the app root"}`;
    }
    return /^from(Bucket|BucketV2|CfnParameters)$/.test(code?.method ?? "") ? `its package comes from S3 (Code.${code!.method})` : "its code is not a Code.fromAsset directory";
  }
  const entry = getProp(c.props, "entry");
  return entry && evalPath(entry.value, file, root) === undefined ? `its entry \`${source(entry.value)}\` is computed, which llrt-migrate cannot follow` : "its entry file was not found in the project";
}

/** A Lambda construct as a listed function (before any decision about it), or undefined when it is not Node.js nor ours. */
function describeFunction(c: CdkConstruct, project: Project, file: string): IacFunction | undefined {
  const root = appRoot(project, file);
  if (c.kind === "Function") {
    const handler = stringProp(c, "handler") ?? "";
    const runtime = runtimeName(c.runtime);
    const code = codeCall(c);
    const codeDir = code?.method === "fromAsset" ? evalPath(code.arg, file, root) : undefined;
    const entry = codeDir !== undefined && handler ? resolveHandlerEntry(project, codeDir, handler) : null;
    if (!mayRunNode(c) && !onLlrt(runtime, entry, handler)) return undefined;
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

function parse(j: JSCodeshift, path: string, text: string): Collection {
  try {
    return verbatimTree(j, path, text);
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new ParseError(`syntax error: ${describeError(error).replace(/ \(\d+:\d+\)$/, "")}`, loc?.line, loc ? loc.column + 1 : undefined);
  }
}

function migrateCdk(input: IacInput): IacMigration {
  const { path, text, project, options } = input;
  const j = jscodeshift;
  const root = parse(j, path, text);
  const functions: IacFunction[] = [];
  const kept = new Set<unknown>();
  const entries = new Map<unknown, string>();
  // One decision per construct, read before the transform edits: it moves, or it keeps its runtime.
  for (const c of findCdkConstructs(j, root, text)) {
    const fn = describeFunction(c, project, path);
    if (!fn) continue;
    if (c.kind === "LlrtFunction") {
      functions.push(fn);
      continue;
    }
    const label = `${c.kind} ${c.id}`;
    // A NodejsFunction without `entry` gets its default entry written out, so that file must exist.
    const noDefaultEntry = c.kind === "NodejsFunction" && !getProp(c.props, "entry") && fn.entry === null;
    const unseen = fn.entry === null ? { why: unseenCode(c, path, text, project) } : undefined;
    const hold = holdFor({
      options, rule, at: positionOf(c.path.node), label, runtime: fn.runtime.before, marked: c.ignored, paths: [fn.entry], kept: input.keep?.get(fn.name),
      cannotMove: cannotMigrate(c) ?? (noDefaultEntry && options.migrateUnchecked ? noEntryFinding(c, label, fn.runtime.before) : undefined),
      unseen,
    });
    if (hold) {
      kept.add(c.path.node);
      functions.push(held(fn, hold));
      continue;
    }
    if (fn.entry === null) {
      fn.findings.push(codeNotChecked(rule, positionOf(c.path.node), label, unseen!.why,
        "Run llrt-migrate on the function's source and bundle it to ESM for es2023; if the source is in this project, give `entry` / `Code.fromAsset` a string literal or path.join(__dirname, ...)."));
    }
    if (fn.entry) entries.set(c.path.node, fn.entry.slice(dirname(path) ? dirname(path).length + 1 : 0));
    functions.push(fn);
  }
  const findings: RuleFinding[] = [];
  const migrated = migrateCdkSource(j, root, text, options, (f) => findings.push(f), {
    keep: (c) => kept.has(c.path.node),
    typed: isTypeScript(path),
    defaultEntry: (c) => entries.get(c.path.node)!,
  });
  return { functions, findings, text: migrated };
}

/** A NodejsFunction whose default entry file is missing cannot become an LlrtFunction (its entry must be written out). */
function noEntryFinding(c: CdkConstruct, label: string, runtime: string | null): RuleFinding {
  return {
    rule, severity: "warning", ...positionOf(c.path.node),
    message: `${label} stays on ${runtime ?? "Node.js"}: it has no \`entry\` and its default entry file was not found, so LlrtFunction could not be told where its handler is.`,
    fix: "Give it an explicit `entry` (path.join(__dirname, ...)) and run llrt-migrate again.",
  };
}

export const cdkFormat: IacFormat = {
  source: "cdk",
  rule,
  // aws-cdk-lib (v2) or @aws-cdk/* (v1, listed with a finding), imported or required.
  detect: (path, text) => isCodeFile(path) && /(\bfrom\s+|\brequire\s*\(\s*)["'](aws-cdk-lib(\/[\w-]+)?|@aws-cdk\/aws-lambda(-nodejs)?)["']/.test(text),
  scope: (path, project) => appRoot(project, path), // a stack in lib/ declares the functions of lambda/
  migrate: migrateCdk,
};
