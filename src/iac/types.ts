// The contract every infrastructure format (SAM, CloudFormation, Serverless, CDK, Terraform) fulfils:
// recognise its files, list the Lambda functions they declare, and return the file migrated.
import type { Project } from "../engine/project";
import type { FunctionSource, MigrationOptions, RuleFinding } from "../engine/types";

export interface IacFunction {
  name: string;
  /** `module.export`, as the IaC states it. */
  handler: string;
  /** Project-relative path of the handler's source file, or null when it cannot be found. */
  entry: string | null;
  /**
   * `before`: the runtime Lambda runs the function on as the text given says (null when unknown).
   * `after`: the one it has after this migration. The engine reads the migrated text back and takes
   * its `before`, so a format that did not edit what it meant to cannot claim a move.
   */
  runtime: { before: string | null; after: string | null };
  /** Findings about this function alone (they count towards its verdict). */
  findings: RuleFinding[];
  /** The user opted this function out (`llrt-migrate-ignore`, or an `exclude` glob): listed, not edited. */
  skipped?: true;
  /** Its code is bundled at build time (SAM `Metadata.BuildMethod: esbuild`, as written or as migrated). */
  bundled?: true;
}

export interface IacMigration {
  functions: IacFunction[];
  /**
   * Lambda functions the file declares but does not list (container images, other languages). With
   * any, the file still declares its folder's functions: the engine guesses none there.
   */
  unlisted?: number;
  /** The file's new text (equal to the input when nothing changes). */
  text: string;
  /** Findings about the file as a whole. */
  findings: RuleFinding[];
}

export interface IacInput {
  path: string;
  text: string;
  project: Project;
  options: MigrationOptions;
  /**
   * Functions of this file (by name) whose runtime must stay as it is, and why: the engine decided
   * their code cannot run on LLRT (yet). A format treats them like opted-out functions.
   */
  keep?: ReadonlyMap<string, string>;
}

export interface IacFormat {
  source: FunctionSource;
  /** The rule name stamped on this format's findings and file reports. */
  rule: string;
  /** Cheap test on path and text: could this file be of this format? */
  detect(path: string, text: string): boolean;
  /** The folder whose code the file may declare (default: the file's own folder). */
  scope?(path: string, project: Project): string;
  /** Throws (with a message naming the line) when the file cannot be parsed. */
  migrate(input: IacInput): IacMigration | Promise<IacMigration>;
}
