// What aws-sdk-js-codemod leaves behind that breaks on LLRT (which has no SDK v2 at all): the
// `aws-sdk` import kept alive by `AWS.config.update(...)`/`AWS.config.x = v`, its warning comments
// (duplicated on every run), and the calls it gave up on. Works on the parsed codemod output.
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";
import type { RuleFinding } from "../engine/types";
import { notSupportedMarker } from "./codemod";

type Node = { type: string; loc?: { start: { line: number; column: number } } | null };
type Comment = Node & { value: string; leading?: boolean; trailing?: boolean };
export type Report = (node: Node, finding: Omit<RuleFinding, "line" | "column">) => void;

export const v2ImportPattern = /["']aws-sdk(?:\/[^"']*)?["']/;
const isV2Source = (value: unknown) => typeof value === "string" && /^aws-sdk(\/|$)/.test(value);

const rule = "aws-sdk-v2-to-v3";

/** The codemod appends its comments again on every run: keep one copy of each on a node. */
export function dedupeComments(j: JSCodeshift, root: Collection): boolean {
  let changed = false;
  root.find(j.Node).forEach((path) => {
    const node = path.node as { comments?: Comment[] };
    if (!node.comments || node.comments.length < 2) return;
    const seen = new Set<string>();
    const kept = node.comments.filter((c) => {
      const key = `${c.type}:${c.leading}:${c.value}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (kept.length !== node.comments.length) (node.comments = kept), (changed = true);
  });
  return changed;
}

/** The codemod's "not supported" and "might be v2" comments become findings (the comments stay, as TODOs). */
export function reportCodemodComments(j: JSCodeshift, root: Collection, report: Report): void {
  const seen = new Set<Comment>();
  root.find(j.Node).forEach((path) => {
    const comments = ((path.node as { comments?: Comment[] }).comments ?? []).filter((c) => !seen.has(c));
    comments.forEach((c) => seen.add(c));
    comments.forEach((comment, i) => {
      const next = comments[i + 1]?.value.trim() ?? "";
      if (comment.value.includes(notSupportedMarker)) {
        report(comment, {
          rule,
          severity: "error",
          message: `aws-sdk-js-codemod cannot convert this call (${comment.value.trim()}), so it left the whole file on AWS SDK v2, which LLRT does not have.`,
          fix: next.startsWith("Please convert") ? `${next} Then run llrt-migrate again.` : "Rewrite the call with AWS SDK v3 by hand.",
        });
      } else if (comment.value.includes("might be on an JS SDK v2 client API")) {
        report(comment, {
          rule,
          severity: "warning",
          message: "A `.promise()` call on a value the codemod could not trace to an SDK client: if it is an SDK v2 request, it fails on LLRT.",
          fix: "If the receiver is an AWS SDK client call, remove `.promise()` (v3 calls return promises); then delete the codemod's comment.",
        });
      }
    });
  });
}

/** Local names bound to the whole v2 SDK: `const AWS = require('aws-sdk')`, `import AWS from 'aws-sdk'`. */
function v2GlobalNames(j: JSCodeshift, root: Collection): string[] {
  const names: string[] = [];
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    if (node.source.value !== "aws-sdk") return;
    for (const s of node.specifiers ?? []) {
      if (s.type !== "ImportSpecifier" && s.local) names.push(String(s.local.name));
    }
  });
  root.find(j.VariableDeclarator).forEach(({ node }) => {
    const init = node.init;
    if (node.id.type === "Identifier" && init?.type === "CallExpression" && init.callee.type === "Identifier" &&
      init.callee.name === "require" && (init.arguments[0] as { value?: unknown })?.value === "aws-sdk") {
      names.push(node.id.name);
    }
  });
  return names;
}

/** `G.config.update(...)` or `G.config.key = v` as a statement of its own. */
function globalConfigStatement(j: JSCodeshift, root: Collection, name: string) {
  const isGConfig = (n: unknown) => j.match(n as never, { type: "MemberExpression", object: { type: "Identifier", name }, property: { type: "Identifier", name: "config" } } as never);
  return root.find(j.ExpressionStatement).filter(({ node }) => {
    const e = node.expression;
    if (e.type === "CallExpression" && e.callee.type === "MemberExpression") {
      return isGConfig(e.callee.object) && e.callee.property.type === "Identifier" && e.callee.property.name === "update";
    }
    return e.type === "AssignmentExpression" && e.left.type === "MemberExpression" && isGConfig(e.left.object);
  });
}

/** The `region` the global config set, when it is a plain property the codemod copied into clients. */
function globalRegion(statement: ASTPath): unknown {
  const e = (statement.node as { expression: { type: string; arguments?: Array<{ type: string; properties?: unknown[] }> } }).expression;
  const arg = e.type === "CallExpression" ? e.arguments?.[0] : undefined;
  const props = (arg?.type === "ObjectExpression" ? arg.properties : []) as Array<{ type: string; key?: { name?: string }; value?: unknown }>;
  return props.find((p) => p.type === "ObjectProperty" && p.key?.name === "region")?.value;
}

/** True when the codemod could copy the statement's settings into every client of the file. */
function wasCopiedByCodemod(statement: ASTPath): boolean {
  const e = (statement.node as { expression: { type: string; arguments?: Array<{ type: string }> } }).expression;
  if (e.type === "AssignmentExpression") return true;
  return e.arguments?.length === 1 && e.arguments[0].type === "ObjectExpression";
}

/**
 * The codemod copies a global `region` into every client except the DynamoDB client it creates for
 * a DocumentClient (`DynamoDBDocument.from(new DynamoDB())`): give that one the region too.
 */
function addRegionToDocumentClients(j: JSCodeshift, root: Collection, region: unknown): boolean {
  let changed = false;
  root.find(j.CallExpression, { callee: { type: "MemberExpression", property: { name: "from" } } }).forEach(({ node }) => {
    const callee = node.callee as { object: { type: string; name?: string } };
    const inner = node.arguments[0];
    if (!/^DynamoDBDocument(Client)?$/.test(callee.object.name ?? "") || inner?.type !== "NewExpression") return;
    if (inner.arguments.length === 0) inner.arguments.push(j.objectExpression([]));
    const config = inner.arguments[0];
    if (config.type !== "ObjectExpression") return;
    const has = config.properties.some((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === "region");
    if (!has) config.properties.push(j.objectProperty(j.identifier("region"), region as never)), (changed = true);
  });
  return changed;
}

/** Removes what keeps `aws-sdk` imported after the codemod, or reports why it has to stay. */
export function removeV2Leftovers(j: JSCodeshift, root: Collection, report: Report): boolean {
  let changed = false;
  for (const name of v2GlobalNames(j, root)) {
    globalConfigStatement(j, root, name).forEach((statement) => {
      if (!wasCopiedByCodemod(statement)) {
        report(statement.node, {
          rule,
          severity: "error",
          message: `\`${name}.config.update(...)\` with a value that is not an object literal: SDK v3 has no global configuration and LLRT has no SDK v2.`,
          fix: "Pass the settings (region, credentials, ...) to each v3 client's constructor, then remove the statement and the `aws-sdk` import.",
        });
        return;
      }
      const region = globalRegion(statement);
      if (region && addRegionToDocumentClients(j, root, region)) changed = true;
      keepLeadingComments(statement, (c) => !codemodConfigNote.test(c.value));
      report(statement.node, {
        removedComments: trailingComments(statement),
        rule,
        severity: "info",
        message: `Removed \`${name}.config\` global settings: SDK v3 has no global configuration; the codemod copied them into each client created in this file.`,
        fix: "Clients created in other files that relied on this global configuration need the same settings (LLRT's default region is AWS_REGION and its default credentials are the function's role).",
      });
      j(statement).remove();
      changed = true;
    });
    const uses = root.find(j.Identifier, { name }).filter((p) => !isDeclaration(p) && !isPropertyKey(p));
    if (uses.size() === 0) {
      changed = removeV2Binding(j, root, name, report) || changed;
    } else {
      uses.forEach((use) => report(use.node, {
        rule,
        severity: "error",
        message: `\`${name}\` (AWS SDK v2) is still used here after the v3 conversion; LLRT has no SDK v2, so the function fails at init.`,
        fix: "Rewrite this use with SDK v3 (for example Signers/HttpRequest with @smithy/signature-v4), then remove the `aws-sdk` import.",
      }));
    }
  }
  return changed;
}

function isDeclaration(p: ASTPath): boolean {
  const parent = p.parent?.node;
  return (parent?.type === "VariableDeclarator" && parent.id === p.node) || /Import(Default|Namespace)?Specifier/.test(parent?.type ?? "");
}

function isPropertyKey(p: ASTPath): boolean {
  const parent = p.parent?.node;
  return (parent?.type === "MemberExpression" && parent.property === p.node && !parent.computed) ||
    (parent?.type === "ObjectProperty" && parent.key === p.node && !parent.computed && !parent.shorthand);
}

function removeV2Binding(j: JSCodeshift, root: Collection, name: string, report: Report): boolean {
  const imports = root.find(j.ImportDeclaration, { source: { value: "aws-sdk" } })
    .filter(({ node }) => (node.specifiers ?? []).some((s) => s.local?.name === name));
  const requires = root.find(j.VariableDeclaration).filter(({ node }) =>
    node.declarations.length === 1 && j.match(node.declarations[0] as never, { type: "VariableDeclarator", id: { type: "Identifier", name } } as never) &&
    v2ImportPattern.test(j(node).toSource()));
  const found = imports.size() + requires.size();
  imports.forEach((p) => keepLeadingComments(p));
  requires.forEach((p) => keepLeadingComments(p));
  const removedComments = [...imports.paths(), ...requires.paths()].flatMap(trailingComments);
  if (removedComments.length) {
    report(imports.size() ? imports.get().node : requires.get().node, {
      rule,
      severity: "info",
      message: `Removed the \`aws-sdk\` import of \`${name}\`, no longer used, with the comment on its line.`,
      removedComments,
    });
  }
  imports.remove();
  requires.remove();
  return found > 0;
}

/** The note the codemod writes above a global config statement it copied into the clients (ours to drop with it). */
const codemodConfigNote = /JS SDK v3 does not support global configuration|Codemod has attempted to pass values|You may need to update clients outside of this file/;

/** The comments on a statement's line, as written, for a finding that reports removing them. */
function trailingComments(path: ASTPath): string[] {
  const comments = (path.node as { comments?: Comment[] }).comments?.filter((c) => c.trailing) ?? [];
  return comments.map((c) => (c.type === "CommentLine" || c.type === "Line" ? `//${c.value}` : `/*${c.value}*/`));
}

/** A removed statement's comments (often the file header) move to the statement after it. */
function keepLeadingComments(path: ASTPath, keep: (c: Comment) => boolean = () => true): void {
  const comments = (path.node as { comments?: Comment[] }).comments?.filter((c) => c.leading !== false && keep(c));
  const siblings = path.parent?.node.body as Array<{ comments?: Comment[] }> | undefined;
  const next = siblings?.[siblings.indexOf(path.node as never) + 1];
  if (!comments?.length || !next) return;
  next.comments = [...comments, ...(next.comments ?? [])];
}

/** Any `aws-sdk` import or require still in the file: LLRT cannot load it. */
export function reportRemainingV2Imports(j: JSCodeshift, root: Collection, report: Report): void {
  const found: Node[] = [];
  root.find(j.ImportDeclaration).forEach(({ node }) => void (isV2Source(node.source.value) && found.push(node)));
  root.find(j.CallExpression, { callee: { type: "Identifier", name: "require" } }).forEach(({ node }) => {
    if (isV2Source((node.arguments[0] as { value?: unknown })?.value)) found.push(node);
  });
  for (const node of found) {
    report(node, {
      rule,
      severity: "error",
      message: "This file still imports AWS SDK v2 (`aws-sdk`), which LLRT does not have: the function fails at init.",
      fix: "Fix the problems reported for this file (or convert the remaining v2 calls by hand), then remove the import.",
    });
  }
}
