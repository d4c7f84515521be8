// A project rule sees the whole project after the IaC and code rules ran: dependency manifests,
// cross-file facts (which SDK clients the migrated code imports), files outside the code rules' reach.
import type { Project } from "./project";
import type { LambdaFunction, MigrationOptions, RuleFinding } from "./types";

/**
 * Read-only access to files that are not part of the project (e.g. `node_modules` on disk for the
 * dependency scan). Absent in the GitHub App, which never installs repository code.
 */
export interface ExternalFiles {
  read(path: string): string | undefined;
  /** Entries of a directory (names only), or undefined when it does not exist. */
  list(path: string): string[] | undefined;
}

export interface ProjectRuleContext {
  /** The project as the earlier rules left it: read it, and write the files this rule changes. */
  project: Project;
  /** The project as the user has it, untouched. */
  original: Project;
  options: MigrationOptions;
  /** Functions discovered so far (verdicts are computed after every rule ran). */
  functions: ReadonlyArray<Omit<LambdaFunction, "verdict">>;
  /** Project-relative files reachable from an entry file through relative imports. */
  reachableFrom(entry: string): Set<string>;
  external?: ExternalFiles;
  report(file: string, finding: RuleFinding): void;
  /**
   * `compute()`'s value, or the one remembered from an earlier run with the same `parts` (which must
   * name everything the value depends on). Plain data only: it goes through JSON.
   */
  remember<T>(kind: string, parts: unknown[], compute: () => T): T;
}

export interface ProjectRule {
  name: string;
  apply(ctx: ProjectRuleContext): void | Promise<void>;
}
