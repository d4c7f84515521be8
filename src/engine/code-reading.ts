// Reads JS/TS for the output gate with Babel: the parser for the file's type and the module format its
// text has (a file with import/export is an ES module, as LLRT and Node load it), then a scope check
// for what the parser lets through: a name bound twice (TypeScript mode accepts `import { S3 }` next
// to `const S3`), a top-level let/const/class used before its declaration runs ("Cannot access 'X'
// before initialization"), and a name used that nothing declares.
import { parse } from "@babel/parser";
import type { ParserPlugin } from "@babel/parser";
import _traverse from "@babel/traverse";
import type { Binding, NodePath } from "@babel/traverse";
import type { File } from "@babel/types";
import { isTypeScript } from "./code-rule";
import { commentText, withoutPosition } from "./text-reading";
import type { TextProblem, TextReading } from "./text-reading";

// @babel/traverse is CommonJS: its default export arrives wrapped when loaded from ESM.
const traverse = ((_traverse as unknown as { default?: typeof _traverse }).default ?? _traverse) as typeof _traverse;

/** Babel options for a file: its type's plugins, and the module format its text has. */
export function parserOptions(path: string): Parameters<typeof parse>[1] {
  const plugins: ParserPlugin[] = isTypeScript(path) ? ["typescript", "decorators-legacy"] : ["jsx"];
  if (path.endsWith(".tsx")) plugins.push("jsx");
  const sourceType = isTypeScript(path) || path.endsWith(".mjs") ? "module" : path.endsWith(".cjs") ? "script" : "unambiguous";
  // CommonJS may `return` at the top level (Node wraps it in a function).
  return { sourceType, plugins, errorRecovery: false, allowReturnOutsideFunction: sourceType !== "module" };
}

/** Names a file may use without declaring them: the globals of the Node.js running us, and CommonJS's own. */
const knownGlobals = new Set([...Object.getOwnPropertyNames(globalThis), "require", "module", "exports", "__dirname", "__filename"]);

/** TypeScript nodes that hold a value expression; any other TS ancestor makes a reference type-only. */
const valueWrappers = new Set(["TSAsExpression", "TSSatisfiesExpression", "TSNonNullExpression", "TSTypeAssertion", "TSInstantiationExpression", "TSExportAssignment", "TSEnumMember", "TSEnumDeclaration", "TSModuleDeclaration", "TSModuleBlock", "TSParameterProperty"]);

const isTypeOnly = (path: NodePath) => !!path.findParent((p) => p.node.type.startsWith("TS") && !valueWrappers.has(p.node.type));

const lineOf = (path: NodePath) => path.node.loc?.start.line ?? 1;

/** A top-level let/const/class read while the module body runs, above its declaration. */
function earlyUses(name: string, binding: Binding): TextProblem[] {
  if (binding.kind !== "let" && binding.kind !== "const") return [];
  const declared = binding.path.node;
  return binding.referencePaths
    // An export of the binding is listed as a reference too, but reads nothing when it runs.
    .filter((ref) => ref.isIdentifier() && ref.node !== binding.identifier && !ref.parentPath?.isExportSpecifier())
    .filter((ref) => (ref.node.start ?? 0) < (declared.end ?? 0) && !ref.getFunctionParent() && !isTypeOnly(ref))
    .slice(0, 1)
    .map((ref) => ({
      key: `early-use:${name}`,
      message: `\`${name}\` is used before its declaration runs ("Cannot access '${name}' before initialization")`,
      line: lineOf(ref),
    }));
}

/** Where `name` is declared last: the scope builder's duplicate error carries no position. */
function lastDeclarationLine(text: string, name: string): number {
  const escaped = name.replace(/[$]/g, "\\$&");
  const at = [...text.matchAll(new RegExp(`\\b(?:const|let|var|class|function|import)\\b[^;\\n]*?\\b${escaped}\\b`, "g"))].pop()?.index;
  return at === undefined ? 1 : text.slice(0, at).split("\n").length;
}

function scopeProblems(ast: File, text: string): TextProblem[] {
  const problems: TextProblem[] = [];
  try {
    traverse(ast, {
      Program(program) {
        for (const [name, binding] of Object.entries(program.scope.bindings)) problems.push(...earlyUses(name, binding));
        const undeclared = new Map<string, number>();
        program.traverse({
          ReferencedIdentifier(ref) {
            const name = (ref.node as { name?: string }).name;
            if (!name || knownGlobals.has(name) || undeclared.has(name) || ref.scope.hasBinding(name, true) || isTypeOnly(ref)) return;
            undeclared.set(name, lineOf(ref));
          },
        });
        for (const [name, line] of undeclared) {
          problems.push({ key: `undeclared:${name}`, message: `\`${name}\` is used but nothing declares it (a ReferenceError)`, line });
        }
      },
    });
  } catch (error) {
    // The scope builder throws at a name declared twice in one scope.
    const message = error instanceof Error ? error.message : String(error);
    const name = /Duplicate declaration "([^"]+)"/.exec(message)?.[1];
    const line = name ? lastDeclarationLine(text, name) : 1;
    problems.push({ key: `duplicate:${name ?? message}`, message: name ? `\`${name}\` is declared twice in the same scope` : withoutPosition(message), line });
  }
  return problems;
}

export function readCode(path: string, text: string): TextReading {
  let ast: File;
  try {
    ast = parse(text, parserOptions(path));
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    const message = withoutPosition(error instanceof Error ? error.message : String(error));
    // Babel reports a second declaration of a name as a syntax error: keep its key comparable.
    const name = /Identifier '([^']+)' has already been declared/.exec(message)?.[1];
    return { syntax: { key: name ? `duplicate:${name}` : "syntax", message: name ? `\`${name}\` is declared twice in the same scope` : `syntax error: ${message}`, line: loc?.line ?? 1 }, problems: [], comments: [] };
  }
  const comments = (ast.comments ?? []).map((c) => ({ text: commentText(c.type === "CommentLine" ? `//${c.value}` : `/*${c.value}*/`), line: c.loc?.start.line ?? 1 }));
  return { problems: scopeProblems(ast, text), comments };
}
