// A code rule edits one parsed JS/TS file. The engine parses each file once and runs every rule on
// the same tree; `toJscodeshiftTransform` wraps one rule so it also runs standalone under
// `npx jscodeshift -t transforms/<name>.ts`.
import type { API, Collection, FileInfo, JSCodeshift, Options } from "jscodeshift";
import type { MigrationOptions, RuleFinding } from "./types";
import { defaultOptions } from "./types";

export interface CodeRuleContext {
  j: JSCodeshift;
  root: Collection;
  /** Project-relative path. */
  file: string;
  /** The file's text before any rule ran. */
  source: string;
  options: MigrationOptions;
  /** Export names that infrastructure code names as handlers in this file (empty when unknown). */
  handlerExports: string[];
  report(finding: RuleFinding): void;
  /**
   * True when only bundled functions reach this file and it is not their entry, so the bundler decides
   * its module format. Absent (not bundled) when a transform runs standalone.
   */
  bundled?: boolean;
  /** The project file a relative specifier in this file resolves to; absent when a transform runs standalone. */
  resolveRelative?(specifier: string): string | undefined;
}

export interface CodeRule {
  name: string;
  /**
   * Its edits keep a file loading and behaving the same on every Node.js Lambda runtime, with no other
   * change (no new package, no newer Node.js). Unset means they may not: a file that a function staying
   * on Node.js also runs is then not migrated for LLRT, and the functions that share it stay too.
   */
  nodeSafe?: true;
  /** A cheap text test run before parsing: false means the rule cannot apply to this file. */
  mayApply(source: string): boolean;
  /** Edits `ctx.root` in place; returns true when it changed something. The engine awaits it. */
  apply(ctx: CodeRuleContext): boolean | Promise<boolean>;
}

export const codeExtensions = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"] as const;

export function isCodeFile(path: string): boolean {
  return !/\.d\.[cm]?ts$/.test(path) && codeExtensions.some((ext) => path.endsWith(ext));
}

/**
 * `ts` for TypeScript files without JSX, `tsx` for everything else: `tsx` rejects `<T>x` casts in
 * .ts files, and both give the same Babel AST (StringLiteral, not estree Literal) so rules match
 * one node shape whatever the file.
 */
export function parserFor(path: string): "ts" | "tsx" {
  return /\.[cm]?ts$/.test(path) ? "ts" : "tsx";
}

/** Whether the file is TypeScript, so generated code may carry types. */
export const isTypeScript = (path: string) => /\.[cm]?tsx?$/.test(path);

/** A finding as one `REP` line of jscodeshift's standalone output. */
export function reportLine(path: string, f: RuleFinding): string {
  return `${path}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}${f.fix ? ` (${f.fix})` : ""}`;
}

/** Print options that keep new code in the file's own style. */
export function printOptions(source: string): { quote: "single" | "double"; useTabs: boolean } {
  const single = (source.match(/'/g) ?? []).length;
  const double = (source.match(/"/g) ?? []).length;
  return { quote: single > double ? "single" : "double", useTabs: /^\t/m.test(source) };
}

/**
 * Positions in the user's file for nodes a rule re-parsed from generated text (the AWS SDK codemod
 * returns text, not a tree): their own `loc` refers to that text, not to the file the user has.
 */
export const originalPositions = new WeakMap<object, { line: number; column: number }>();

/** 1-based line and column of a node as parsed from the original text. */
export function positionOf(node: { loc?: { start: { line: number; column: number } } | null }): {
  line: number;
  column: number;
} {
  const mapped = originalPositions.get(node);
  if (mapped) return mapped;
  const start = node.loc?.start;
  return start ? { line: start.line, column: start.column + 1 } : { line: 1, column: 1 };
}

type SyncCodeRule = CodeRule & { apply(ctx: CodeRuleContext): boolean };
type Transform<R> = (file: FileInfo, api: API, options: Options) => R;

/** Runs one rule on one file the way jscodeshift expects a transform to behave (async rules give async transforms). */
export function toJscodeshiftTransform(rule: SyncCodeRule): Transform<string | undefined>;
export function toJscodeshiftTransform(rule: CodeRule): Transform<string | undefined | Promise<string | undefined>>;
export function toJscodeshiftTransform(rule: CodeRule) {
  return function transform(file: FileInfo, api: API, options: Options): string | undefined | Promise<string | undefined> {
    if (!rule.mayApply(file.source)) return undefined;
    const j = api.jscodeshift.withParser(parserFor(file.path));
    const root = j(file.source);
    const changed = rule.apply({
      j,
      root,
      file: file.path,
      source: file.source,
      options: { ...defaultOptions, ...(options as Partial<MigrationOptions>) },
      handlerExports: typeof options.handler === "string" ? String(options.handler).split(",") : [],
      report: (f) => api.report?.(reportLine(file.path, f)),
    });
    const print = (done: boolean) => (done ? root.toSource(printOptions(file.source)) : undefined);
    return changed instanceof Promise ? changed.then(print) : print(changed);
  };
}
