// Hidden HTML comments in the PR body: the app's memory without a database. The open PR carries
// the state of the last run; a PR closed without merging carries "ignored" for a tool and config
// version, which survives restarts because it lives on GitHub itself.
import { z } from "zod";

const stateSchema = z.object({
  /** Default-branch commit the migration was computed from. */
  base: z.string(),
  tool: z.string(),
  config: z.string(),
  /** The commit the app pushed to its branch: any other head is someone else's work. */
  commit: z.string(),
  /** Digest of the changed files, so a new base with the same changes does not push again. */
  changes: z.string(),
  /** A head commit we already commented about (not ours): comment once, not on every run. */
  blockedBy: z.string().optional(),
});

const ignoredSchema = z.object({ tool: z.string(), config: z.string() });

export type RunState = z.infer<typeof stateSchema>;
export type IgnoredVersion = z.infer<typeof ignoredSchema>;

const statePattern = /<!-- llrt-migrate:state (\{.*?\}) -->/;
const ignoredPattern = /<!-- llrt-migrate:ignored (\{.*?\}) -->/;

function read<T>(body: string | null | undefined, pattern: RegExp, schema: z.ZodType<T>): T | undefined {
  const match = body?.match(pattern);
  if (!match) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(match[1]));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a hand-edited, broken marker counts as no marker
  }
}

export const readState = (body: string | null | undefined) => read(body, statePattern, stateSchema);
export const readIgnored = (body: string | null | undefined) => read(body, ignoredPattern, ignoredSchema);

export const stateMarker = (state: RunState) => `<!-- llrt-migrate:state ${JSON.stringify(state)} -->`;
export const ignoredMarker = (version: IgnoredVersion) => `<!-- llrt-migrate:ignored ${JSON.stringify(version)} -->`;

/** True when the body was written by this app (commands are accepted only on such PRs). */
export const isAppBody = (body: string | null | undefined) => readState(body) !== undefined || readIgnored(body) !== undefined;

/** The body with its state marker replaced (or appended). */
export function withState(body: string, state: RunState): string {
  return statePattern.test(body) ? body.replace(statePattern, stateMarker(state)) : `${body}\n${stateMarker(state)}`;
}

/** The body of a PR closed without merging: the state marker becomes an "ignored" marker. */
export function markIgnored(body: string, version: IgnoredVersion, note: string): string {
  return `${note}\n\n${ignoredMarker(version)}\n\n${body.replace(statePattern, "")}`;
}
