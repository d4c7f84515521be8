// aws-sdk-js-codemod writes its v3 requires where the `aws-sdk` declaration ended. When that
// declaration also created the client (`var AWS = require('aws-sdk'), db = new AWS.DynamoDB()`) or
// sat below code that uses the SDK, the new require comes after its first use: "Cannot access
// 'DynamoDB' before initialization" at load. Each v3 require moves up, in its own block, to just
// before the first statement that names one of its bindings.
import type { Collection, JSCodeshift } from "jscodeshift";
import { isVariableReference, requiredModule } from "../../transforms/lib/module-bindings";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

const isV3Source = (value: unknown) => typeof value === "string" && value.startsWith("@aws-sdk/");

/** The names a `const { X } = require('@aws-sdk/...')` statement binds, or undefined for any other statement. */
function v3RequireNames(node: AnyNode): Set<string> | undefined {
  if (node.type !== "VariableDeclaration" || !node.declarations.every((d: AnyNode) => isV3Source(requiredModule(d.init)))) return undefined;
  const names = new Set<string>();
  for (const { id } of node.declarations) {
    if (id.type === "Identifier") names.add(id.name);
    for (const p of id.properties ?? []) if (p.value?.type === "Identifier") names.add(p.value.name);
  }
  return names;
}

function mentions(j: JSCodeshift, statement: AnyNode, names: Set<string>): boolean {
  return j(statement).find(j.Identifier).some((p) => names.has((p.node as AnyNode).name) && isVariableReference(p));
}

/** Moves the v3 requires of one statement list above their first use; true when one moved. */
function reorder(j: JSCodeshift, body: AnyNode[]): boolean {
  let moved = false;
  const moves = new Set<AnyNode>();
  for (const statement of [...body]) {
    const names = v3RequireNames(statement);
    if (!names) continue;
    const at = body.indexOf(statement);
    // Skipping the requires moved already keeps their order when they go to the same place.
    const target = body.findIndex((s, i) => i < at && !moves.has(s) && mentions(j, s, names));
    if (target < 0) continue;
    body.splice(at, 1);
    if (target === 0 && body[0]?.comments?.some((c: AnyNode) => c.leading)) {
      // The file's header comment stays at the top.
      statement.comments = [...body[0].comments.filter((c: AnyNode) => c.leading), ...(statement.comments ?? [])];
      body[0].comments = body[0].comments.filter((c: AnyNode) => !c.leading);
    }
    body.splice(target, 0, statement);
    moves.add(statement);
    moved = true;
  }
  return moved;
}

/** Puts every v3 require of the file before the first statement of its block that uses it. */
export function moveV3RequiresBeforeUse(j: JSCodeshift, tree: Collection): boolean {
  let moved = false;
  const lists: AnyNode[][] = [(tree.get().node as AnyNode).program.body];
  tree.find(j.BlockStatement).forEach(({ node }) => void lists.push((node as AnyNode).body));
  for (const body of lists) moved = reorder(j, body) || moved;
  return moved;
}
