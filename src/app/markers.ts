// Hidden HTML comments in the PR body: the app's memory without a database. The open PR carries
// the state of the last run; a PR closed without merging carries "ignored" for a tool and config
// version, which survives restarts because it lives on GitHub itself.
//
// Repository content reaches the body too (excerpts quote code), and a copied marker there must not
// steer the app: a marker counts only in the app's own place, the body's last line, and only with
// the app's signature.
import { z } from "zod";
import type { Signer } from "./signing";

const stateSchema = z.object({
  /** Default-branch commit the migration was computed from. */
  base: z.string(),
  tool: z.string(),
  config: z.string(),
  /** The commit the app pushed to its branch. */
  commit: z.string(),
  /** Digest of the changed files, so a new base with the same changes does not push again. */
  changes: z.string(),
  /** A head commit we already commented about (not ours): comment once, not on every run. */
  blockedBy: z.string().optional(),
});

const ignoredSchema = z.object({ tool: z.string(), config: z.string() });

export type RunState = z.infer<typeof stateSchema>;
export type IgnoredVersion = z.infer<typeof ignoredSchema>;

type Kind = "state" | "ignored";

/** The marker on the body's last non-blank line, and the body before it. */
const trailing = /\n*<!-- llrt-migrate:(state|ignored) (\{[^\n]*\}) sig=([0-9a-f]+) -->\s*$/;

export class Markers {
  constructor(private readonly signer: Signer) {}

  private marker(kind: Kind, value: object): string {
    const json = JSON.stringify(value);
    return `<!-- llrt-migrate:${kind} ${json} sig=${this.signer.sign(`${kind} ${json}`)} -->`;
  }

  private read<T>(body: string | null | undefined, kind: Kind, schema: z.ZodType<T>): T | undefined {
    const match = body?.match(trailing);
    if (!match || match[1] !== kind || !this.signer.verify(`${kind} ${match[2]}`, match[3])) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(match[2]));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  readState = (body: string | null | undefined) => this.read(body, "state", stateSchema);
  readIgnored = (body: string | null | undefined) => this.read(body, "ignored", ignoredSchema);
  stateMarker = (state: RunState) => this.marker("state", state);
  ignoredMarker = (version: IgnoredVersion) => this.marker("ignored", version);

  /** True when the body was written by this app (commands are accepted only on such PRs). */
  isAppBody = (body: string | null | undefined) => this.readState(body) !== undefined || this.readIgnored(body) !== undefined;

  /** The body with its trailing marker replaced by a state marker. */
  withState(body: string, state: RunState): string {
    return `${withoutMarker(body)}\n\n${this.stateMarker(state)}`;
  }

  /** The body of a PR closed without merging: a note on top, and an "ignored" marker in the app's place. */
  markIgnored(body: string, version: IgnoredVersion, note: string): string {
    return `${note}\n\n${withoutMarker(body)}\n\n${this.ignoredMarker(version)}`;
  }
}

export const withoutMarker = (body: string) => body.replace(trailing, "");
