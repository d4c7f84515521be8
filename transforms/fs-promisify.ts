// LLRT's util has no promisify and its fs has no callback API (llrt.md §1.2), so
// `util.promisify(fs.readFile)` fails twice. For the fs functions below, Node documents
// `fs.promises.X` as the promise form of `fs.X`, with the same arguments and result, and LLRT's
// fs.promises has them. Functions that take or return file descriptors (open, read, write, fstat...)
// differ between the two forms (numbers vs FileHandle), and `exists` has no promise form: left alone.
import type { ASTPath } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { ModuleBinding } from "./lib/module-bindings";
import { keyName, moduleBindings, referencesTo, refersToTopLevel, removeBinding } from "./lib/module-bindings";

const ruleName = "fs-promisify";

/** fs functions whose promisified form equals fs.promises.X in Node and which LLRT's fs.promises has. */
export const promiseEquivalents = new Set([
  "access", "chmod", "lstat", "mkdir", "mkdtemp", "readdir", "readFile", "rename", "rm", "rmdir", "stat", "symlink", "writeFile",
]);

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

const isModuleObject = (b: ModuleBinding) => b.imported === "*";

/** Whether `node` is `name.member` with `name` one of the given module-object bindings. */
function memberOf(node: AnyNode, path: ASTPath, objects: ModuleBinding[]): string | undefined {
  if (node?.type !== "MemberExpression" || node.object.type !== "Identifier") return undefined;
  const bound = objects.some((b) => b.local === node.object.name) && refersToTopLevel(path, node.object.name);
  return bound ? keyName(node.property, node.computed) : undefined;
}

/** The `promisify(...)` calls of the file: `util.promisify(x)` or a `promisify` imported from util. */
function promisifyCalls(ctx: CodeRuleContext, util: ModuleBinding[]): Array<ASTPath<AnyNode>> {
  const named = util.filter((b) => b.imported === "promisify").map((b) => b.local);
  return ctx.root
    .find(ctx.j.CallExpression)
    .filter((path) => {
      const callee = path.node.callee as AnyNode;
      if (callee.type === "Identifier") return named.includes(callee.name) && refersToTopLevel(path, callee.name);
      return memberOf(callee, path, util.filter(isModuleObject)) === "promisify";
    })
    .paths();
}

/** Drops util bindings the rewrite left unused: LLRT fails a named import of promisify at load. */
function dropUnused(ctx: CodeRuleContext, util: ModuleBinding[]): void {
  for (const binding of util) {
    const dispensable = binding.imported === "promisify" || isModuleObject(binding);
    if (dispensable && referencesTo(ctx.j, ctx.root, binding).length === 0) removeBinding(ctx.j, binding);
  }
}

export const fsPromisifyRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  mayApply: (source) => source.includes("promisify"),
  apply(ctx) {
    const { j, root } = ctx;
    const fs = moduleBindings(j, root, ["fs"]).filter(isModuleObject);
    const util = moduleBindings(j, root, ["util"]);
    let changed = 0;
    for (const call of promisifyCalls(ctx, util)) {
      const [arg, ...rest] = call.node.arguments as AnyNode[];
      const member = rest.length === 0 ? memberOf(arg, call, fs) : undefined;
      if (!member || !promiseEquivalents.has(member)) continue;
      const fsName = arg.object.name as string;
      const at = positionOf(call.node);
      call.replace(j.memberExpression(j.memberExpression(j.identifier(fsName), j.identifier("promises")), j.identifier(member)));
      ctx.report({
        rule: ruleName,
        severity: "info",
        ...at,
        message: `\`promisify(${fsName}.${member})\` rewritten to \`${fsName}.promises.${member}\`: LLRT has neither util.promisify nor fs callbacks, and the promise API is the same function.`,
        fix: "Nothing to do.",
      });
      changed++;
    }
    if (changed) dropUnused(ctx, util);
    return changed > 0;
  },
};

export default toJscodeshiftTransform(fsPromisifyRule);
