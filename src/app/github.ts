// Types shared by the modules that talk to GitHub, and the app's fixed names.
import type { ProbotOctokit } from "probot";

export type Octokit = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** One fixed branch per repository: one PR, updated in place, never duplicated. */
export const branchName = "llrt-migrate/runtime";
export const checkName = "llrt-migrate";

/** HTTP status of an Octokit RequestError, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}
