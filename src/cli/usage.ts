// What every command shares without loading anything heavy: the exit codes and the usage error.

/** Exit codes (README): 0 done and nothing blocks LLRT, 1 errors remain or --check found changes, 2 usage or I/O. */
export const exitCodes = { ok: 0, findings: 1, usage: 2 } as const;

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
