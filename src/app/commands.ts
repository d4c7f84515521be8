// `/llrt-migrate <command>` comments on the app's PR.
import { z } from "zod";

export const commandSchema = z.enum(["rebase", "recreate", "benchmark", "ignore"]);
export type Command = z.infer<typeof commandSchema>;

/** Commands come only from people who can push to the repository. */
const trusted = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);
export const mayCommand = (authorAssociation: string) => trusted.has(authorAssociation);

/** The first `/llrt-migrate <word>` at the start of a line; unknown words are not commands. */
export function parseCommand(body: string): Command | undefined {
  const match = body.match(/^\s*\/llrt-migrate\s+(\S+)/m);
  const parsed = commandSchema.safeParse(match?.[1]?.toLowerCase());
  return parsed.success ? parsed.data : undefined;
}
