// The data the engine produces and every face (CLI, App, reports) renders. The JSON result schema in
// README.md is exactly MigrationResult: later work adds fields, never renames them.

export type Severity = "error" | "warning" | "info";

/** One thing a user should know about: what blocks LLRT, what changed, what to check by hand. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Project-relative path, forward slashes. */
  file: string;
  /** 1-based line in the file as the user had it before the run. */
  line: number;
  /** 1-based column. */
  column: number;
  message: string;
  /** What was done, or what the user should do. */
  fix?: string;
  /** Names of the functions this finding concerns (their entry reaches the file, or it is about them). */
  functions?: string[];
  /**
   * Comments the rule removed from the file on purpose, as written (delimiters optional). The output
   * gate refuses a file that loses any other comment, so a rule that drops one must say so here.
   */
  removedComments?: string[];
}

/** A finding before the engine stamps the file on it: rules only know positions. */
export type RuleFinding = Omit<Finding, "file" | "functions">;

export interface FileChange {
  path: string;
  before: string;
  after: string;
}

export type FunctionSource = "sam" | "cloudformation" | "serverless" | "cdk" | "terraform" | "heuristic";
export type Verdict = "ready" | "needs-attention" | "blocked";

export interface LambdaFunction {
  /** Logical id / function name as the IaC names it (or the file and export for heuristics). */
  name: string;
  source: FunctionSource;
  /** The file that declares the function: a template, or the handler file itself for heuristics. */
  file: string;
  /** The handler string, `module.export`. */
  handler: string;
  /** Project-relative path of the handler's source file, when found. */
  entry: string | null;
  runtime: { before: string | null; after: string | null };
  verdict: Verdict;
  /** Present when the user opted the function out (`llrt-migrate-ignore` or `exclude`): listed, not edited. */
  skipped?: true;
  /** Present after `--verify`: whether the function behaved the same before and after (src/verify). */
  verify?: VerifyOutcome;
}

/** `verify`'s outcome for one function: the same behaviour, the first difference, or why it was not run. */
export interface VerifyOutcome {
  status: "same" | "differs" | "not run";
  /** The first difference (differs) or why nothing was compared (not run), in one line. */
  reason?: string;
  /** A known, documented SDK v2 -> v3 difference the first difference matches. */
  knownDifference?: string;
}

export type FileStatus = "changed" | "unchanged" | "skipped" | "error";

export interface FileReport {
  path: string;
  status: FileStatus;
  /** Names of the rules that changed this file. */
  rules: string[];
  error?: string;
}

export type Arch = "arm64" | "x86_64";
export type LlrtVariant = "std" | "full-sdk" | "no-sdk";
export type LlrtDelivery = "layer" | "bootstrap";

/** What the user chose (CLI flags, or the App's config file). Every field has a default. */
export interface MigrationOptions {
  /** Target architecture for the functions (IaC edits). */
  arch: Arch;
  /** Which LLRT bundle the functions will run on: decides which AWS SDK clients are built in. */
  variant: LlrtVariant;
  /** How the LLRT bootstrap reaches the function: a Lambda layer or inside the package. */
  llrtDelivery: LlrtDelivery;
  /** An existing LLRT layer ARN; when absent the IaC gets a parameter/variable, never a made-up ARN. */
  llrtLayerArn?: string;
  /** Memory size in MB to set on every function; undefined leaves memory alone. */
  memory?: number;
  /** Glob patterns (project-relative) of files to leave out entirely. */
  exclude: string[];
  /** Run only these rules (by name); absent or empty: every rule. */
  rules?: string[];
  /** Rules not to run. A skipped infrastructure rule still names the functions, but edits nothing. */
  skipRules?: string[];
  /** The LLRT release the compatibility analysis checks against (one of the shipped surface tables); default the newest release. */
  llrtVersion?: string;
  /**
   * Move functions whose code is not in the project (S3, prebuilt artifacts, computed paths) to LLRT
   * anyway. Absent or false: they keep their runtime, since nobody checked that their code runs on LLRT.
   */
  migrateUnchecked?: boolean;
}

export const defaultOptions: MigrationOptions = {
  arch: "arm64",
  variant: "std",
  llrtDelivery: "layer",
  exclude: [],
};

export interface MigrationResult {
  tool: { name: string; version: string };
  llrt: { version: string; variant: string };
  summary: {
    filesScanned: number;
    filesChanged: number;
    errors: number;
    warnings: number;
    infos: number;
  };
  functions: LambdaFunction[];
  files: FileReport[];
  findings: Finding[];
  /** Full before/after text of every changed file (not part of the JSON output: see toJson). */
  changes: FileChange[];
}
