// Reads a repository at one commit into the engine's in-memory Project, through the API only
// (recursive git tree + blobs). Nothing is checked out, installed or run.
import picomatch from "picomatch";
import { Project } from "../engine/project";
import { isInSkippedDirectory, isRelevantFile } from "../engine/relevant-files";
import { gitignoreMatcher } from "../engine/scope";
import { decodeFile } from "../engine/utf8";
import type { Octokit, RepoRef } from "./github";

export interface ReadLimits {
  /** Most files the app will fetch (each is one API request). */
  maxFiles: number;
  /** Larger files are bundles or data, not hand-written source: left out. */
  maxFileBytes: number;
}

export const defaultLimits: ReadLimits = { maxFiles: 1000, maxFileBytes: 1024 * 1024 };

/** Workflow files need the `workflows` permission the app does not ask for: never read, never written. */
export const isWorkflowFile = (path: string) => path.startsWith(".github/workflows/");

/** A repository the app will not read; the message goes to the user as is. */
export class RepositoryLimitError extends Error {}

/** A file the migration would have read but did not, and why: the check run lists them. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface RepositorySnapshot {
  project: Project;
  /** Git file mode per path, so a commit keeps executables executable. */
  modes: Map<string, string>;
  skipped: SkippedFile[];
}

const blobConcurrency = 8;

/**
 * Blob texts by git sha, shared by the runs of one app process. A sha names its content, so a hit is
 * always right; a push then costs one request per changed file instead of one per file.
 */
type Decoded = ReturnType<typeof decodeFile>;

export class BlobCache {
  private readonly texts = new Map<string, Decoded>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(sha: string): Decoded | undefined {
    const text = this.texts.get(sha);
    if (text !== undefined) this.texts.delete(sha), this.texts.set(sha, text); // most recently used last
    return text;
  }

  set(sha: string, decoded: Decoded): void {
    if (this.texts.has(sha) || decoded.text.length > this.maxBytes) return;
    this.texts.set(sha, decoded);
    this.bytes += decoded.text.length;
    for (const [oldest, old] of this.texts) {
      if (this.bytes <= this.maxBytes) break;
      this.texts.delete(oldest);
      this.bytes -= old.text.length;
    }
  }
}

/** A tree path as git stores it: relative, no `..` or `.` segments, nothing empty. */
export const isSafePath = (path: string) => path !== "" && !path.startsWith("/") && path.split("/").every((s) => s !== "" && s !== "." && s !== "..");

export async function readRepository(
  octokit: Octokit,
  repo: RepoRef,
  commitSha: string,
  options: { paths: string[]; exclude: string[] },
  limits: ReadLimits = defaultLimits,
  cache: BlobCache = new BlobCache(),
): Promise<RepositorySnapshot> {
  const { data: tree } = await octokit.rest.git.getTree({ ...repo, tree_sha: commitSha, recursive: "true" });
  if (tree.truncated) {
    throw new RepositoryLimitError("the repository tree is too large for the GitHub API to list in one request; limit `paths` in .github/llrt-migrate.yml");
  }
  const unsafe = tree.tree.find((e) => e.path !== undefined && !isSafePath(e.path));
  if (unsafe) throw new RepositoryLimitError(`the repository tree has a path the app refuses to read (\`..\`, \`.\` or an empty segment, or a leading \`/\`): ${JSON.stringify(unsafe.path)}`);
  const included = options.paths.length ? picomatch(options.paths, { dot: true }) : () => true;
  const excluded = gitignoreMatcher(options.exclude); // as the engine reads them
  const relevant = tree.tree.filter(
    (e) =>
      e.type === "blob" && e.path && e.sha &&
      isRelevantFile(e.path) && !isInSkippedDirectory(e.path) && !isWorkflowFile(e.path) &&
      included(e.path) && !excluded(e.path),
  );
  const skipped: SkippedFile[] = [];
  // The size is checked before the download: an entry without one is not fetched.
  const wanted = relevant.filter((e) => {
    const reason = e.mode === "120000" ? "a symbolic link (not followed)"
      : e.size === undefined ? "GitHub gave no size, so it was not downloaded"
      : e.size > limits.maxFileBytes ? `${e.size} bytes, over the ${limits.maxFileBytes}-byte limit per file`
      : undefined;
    if (reason) skipped.push({ path: e.path!, reason });
    return reason === undefined;
  });
  if (wanted.length > limits.maxFiles) {
    throw new RepositoryLimitError(
      `the repository has ${wanted.length} files the migration would read, more than the limit of ${limits.maxFiles}; narrow \`paths\` or add \`exclude\` globs in .github/llrt-migrate.yml`,
    );
  }

  const files: Array<[string, string]> = [];
  const notUtf8: string[] = [];
  const modes = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const entry = wanted[next++];
      let decoded = cache.get(entry.sha!);
      if (decoded === undefined) {
        const { data: blob } = await octokit.rest.git.getBlob({ ...repo, file_sha: entry.sha! });
        decoded = decodeFile(Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8"));
        cache.set(entry.sha!, decoded);
      }
      if (decoded.text.includes("\u0000")) {
        skipped.push({ path: entry.path!, reason: "binary content (a NUL byte) despite its name" });
        continue;
      }
      files.push([entry.path!, decoded.text]);
      if (!decoded.utf8) notUtf8.push(entry.path!);
      modes.set(entry.path!, entry.mode ?? "100644");
    }
  };
  await Promise.all(Array.from({ length: Math.min(blobConcurrency, wanted.length) }, worker));
  const project = new Project(files);
  for (const path of notUtf8) project.markNotUtf8(path);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { project, modes, skipped };
}
