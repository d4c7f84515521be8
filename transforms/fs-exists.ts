// LLRT's fs has no existsSync but has statSync (llrt.md §1.2). Node's existsSync(p) is "statSync(p)
// succeeds": it returns false instead of throwing for a missing file, a permission error or a bad
// argument. One helper per file does that with try/catch, and every use points to it.
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { ModuleBinding } from "./lib/module-bindings";
import {
  insertAfterImports, isTypeScript, keyName, moduleBindings, nameInUse, refersToTopLevel, removeBinding, statementsOf,
} from "./lib/module-bindings";

const ruleName = "fs-exists";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

function helperSource(name: string, statSync: string, typescript: boolean): string {
  return [
    "// LLRT's fs has no existsSync: the same answer from statSync, which LLRT has.",
    `function ${name}(target${typescript ? ': import("fs").PathLike' : ""})${typescript ? ": boolean" : ""} {`,
    "  try {",
    `    ${statSync}(target);`,
    "    return true;",
    "  } catch {",
    "    return false;",
    "  }",
    "}",
  ].join("\n");
}

/** How the helper reaches statSync: an existing binding, or one added to the import that provided existsSync. */
function statSyncAccess(ctx: CodeRuleContext, fs: ModuleBinding[], named: ModuleBinding | undefined): string | undefined {
  const existing = fs.find((b) => b.imported === "statSync");
  if (existing) return existing.local;
  const object = fs.find((b) => b.imported === "*");
  if (object) return `${object.local}.statSync`;
  if (!named || nameInUse(ctx.j, ctx.root, "statSync")) return undefined;
  const { j } = ctx;
  const node = named.path.node as AnyNode;
  // Same form as the existsSync binding it sits next to: an import specifier or a destructured property.
  const added = node.type === "ImportSpecifier"
    ? j.importSpecifier(j.identifier("statSync"), j.identifier("statSync"))
    : Object.assign(j.objectProperty(j.identifier("statSync"), j.identifier("statSync")), { shorthand: true });
  named.path.insertAfter(added);
  return "statSync";
}

export const fsExistsRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  mayApply: (source) => source.includes("existsSync"),
  apply(ctx) {
    const { j, root } = ctx;
    const fs = moduleBindings(j, root, ["fs"]);
    const objects = fs.filter((b) => b.imported === "*");
    const named = fs.find((b) => b.imported === "existsSync");
    // fs.existsSync, fs["existsSync"] on the fs module object
    const members = root.find(j.MemberExpression).filter((path) => {
      const node = path.node as AnyNode;
      const bound = node.object.type === "Identifier" && objects.some((b) => b.local === node.object.name) && refersToTopLevel(path, node.object.name);
      return bound && keyName(node.property, node.computed) === "existsSync" && !(path.parent.node.type === "AssignmentExpression" && path.parent.node.left === node);
    });
    if (!named && members.length === 0) return false;

    // The helper takes the name `existsSync` had, so calls through a named import need no edit.
    const helperName = named?.local ?? (nameInUse(j, root, "existsSync") ? undefined : "existsSync");
    const statSync = helperName ? statSyncAccess(ctx, fs, named) : undefined;
    if (!helperName || !statSync) return false; // name clash: left for the analyzer's finding

    const anchor = named ?? objects.find((b) => members.some((m) => (m.node.object as AnyNode).name === b.local))!;
    const uses = [...members.nodes(), ...(named ? [named.path.node] : [])];
    members.replaceWith(() => j.identifier(helperName));
    insertAfterImports(anchor.statement, statementsOf(j, helperSource(helperName, statSync, isTypeScript(ctx.file))));
    if (named) removeBinding(j, named);
    for (const use of uses) {
      ctx.report({
        rule: ruleName,
        severity: "info",
        ...positionOf(use as AnyNode),
        message: `\`existsSync\` now points to a local \`${helperName}\` helper built from statSync (LLRT's fs has no existsSync).`,
        fix: "Nothing to do: it returns the same true/false as fs.existsSync.",
      });
    }
    return true;
  },
};

export default toJscodeshiftTransform(fsExistsRule);
