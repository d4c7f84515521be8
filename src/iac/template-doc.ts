// One view of a CloudFormation-style template (SAM or plain CloudFormation) whatever its syntax, so
// the migration logic is written once for YAML and JSON. Reading goes through `data`, a plain value
// in CloudFormation's JSON shape (YAML `!Ref X` reads as `{ Ref: "X" }`); writing goes through a few
// path-based edits that each syntax applies as minimal text changes.

export type Path = Array<string | number>;

export interface Position {
  line: number;
  column: number;
}

export interface TemplateDoc {
  /** The whole template as plain data (JSON shape: intrinsic functions are `{ Ref }` / `{ "Fn::X" }` objects). */
  readonly data: unknown;
  /** 1-based position of the value at `path` in the original text (or of its nearest existing parent). */
  position(path: Path): Position;
  /** Replaces an existing scalar (string or number) value. */
  replace(path: Path, value: string | number): void;
  /** Adds `key: value` to the existing map at `mapPath`, after the first of `after` that exists (else last). */
  addKey(mapPath: Path, key: string, value: unknown, after?: string[]): void;
  /** Appends an item to the existing list at `listPath`. */
  append(listPath: Path, value: unknown): void;
  /** Whether the resource at `path` carries a `# llrt-migrate-ignore` comment (always false in JSON). */
  hasIgnoreComment(path: Path): boolean;
  /** The edited text; throws when the result does not parse (a bug: the engine then leaves the file alone). */
  text(): string;
}

export type PlainMap = Record<string, unknown>;

export function isMapValue(value: unknown): value is PlainMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function get(value: unknown, ...path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === "number") current = Array.isArray(current) ? current[key] : undefined;
    else current = isMapValue(current) ? current[key] : undefined;
  }
  return current;
}

/** A string value, or undefined for intrinsic functions and other shapes. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `{ Ref: "X" }` or `{ "Fn::GetAtt": ... }`: a value CloudFormation computes at deploy time. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isMapValue(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0] === "Condition" || keys[0].startsWith("Fn::")) ? keys[0] : undefined;
}

/** Structural equality of plain template values (to tell whether a list already holds an item). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How a value reads in messages: `nodejs18.x`, `!Ref NodeRuntime`. */
export function describe(value: unknown): string {
  const fn = intrinsicName(value);
  if (fn) {
    const arg = (value as PlainMap)[fn];
    return `!${fn.replace(/^Fn::/, "")} ${typeof arg === "string" ? arg : JSON.stringify(arg)}`;
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}
