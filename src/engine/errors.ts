// An input the tool cannot read (a syntax error, an unknown YAML tag): reported on the file with its
// position, and the file is left untouched.
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line ? `${message} (line ${line}${column ? `, column ${column}` : ""})` : message);
    this.name = "ParseError";
  }
}

/** One line describing any thrown value, for reports and stderr. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0];
  return String(error);
}

/** Where a thrown error points in its file: the ParseError's position, else the file's start. */
export function errorPosition(error: unknown): { line: number; column: number } {
  return error instanceof ParseError ? { line: error.line ?? 1, column: error.column ?? 1 } : { line: 1, column: 1 };
}
