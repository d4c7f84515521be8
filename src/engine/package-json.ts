// Editing package.json dependencies with minimal text edits (jsonc-parser), so the user's formatting,
// key order and indentation survive.
import { applyEdits, modify, parse, printParseErrorCode } from "jsonc-parser";
import type { ParseError as JsonParseError } from "jsonc-parser";
import { ParseError } from "./errors";
import { lineColumnAt } from "./text-position";

export type DependencyField = "dependencies" | "devDependencies" | "peerDependencies" | "optionalDependencies";

export interface PackageJson {
  name?: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export function readPackageJson(text: string): PackageJson {
  const errors: JsonParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    const { line, column } = lineColumnAt(text, errors[0].offset);
    throw new ParseError(`invalid package.json: ${printParseErrorCode(errors[0].error)}`, line, column);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ParseError("invalid package.json: not an object");
  return value as PackageJson;
}

function formatting(text: string) {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
  return { insertSpaces: !indent.startsWith("\t"), tabSize: indent.startsWith("\t") ? 1 : indent.length, eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

/** Sets `field[name] = range`, creating the field when needed. */
export function setDependency(text: string, field: DependencyField, name: string, range: string): string {
  return applyEdits(text, modify(text, [field, name], range, { formattingOptions: formatting(text) }));
}

/** Removes `name` from every dependency field that has it. */
export function removeDependency(text: string, name: string): string {
  const pkg = readPackageJson(text);
  let out = text;
  for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const) {
    if (pkg[field] && name in pkg[field]!) {
      out = applyEdits(out, modify(out, [field, name], undefined, { formattingOptions: formatting(out) }));
    }
  }
  return out;
}
