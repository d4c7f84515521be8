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
