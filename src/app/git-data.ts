// The branch and its commits, built with the Git Data API: one tree, one commit with no author (so
// GitHub signs it as the app), then the branch moved by compare-and-swap. The commit message ends
// with the app's signed trailer: what it was computed from and a signature over its tree and
// parents, so the app recognises its own commit on the branch even when a run stopped halfway, and
// nobody can make a commit pass for the app's by copying the trailer.
import type { FileChange } from "../engine/types";
import { statusOf } from "./github";
import type { Octokit, RepoRef } from "./github";
import type { Signer } from "./signing";

/** First line of every commit trailer the app writes (kept for branches made by older versions). */
export const commitTrailer = "Generated-by: llrt-migrate";

/** What an app commit records about itself. */
export interface AppCommit {
  sha: string;
  /** The default-branch commit the migration was computed from. */
  base: string;
  /** Digest of the changed files. */
  changes: string;
}

const trailerPattern = /\nLlrt-migrate: base=([0-9a-f]{40}) changes=([0-9a-f]+) sig=([0-9a-f]+)\s*$/;
const signedText = (tree: string, parents: string[], base: string, changes: string) => `commit ${tree} ${parents.join(",")} ${base} ${changes}`;

/** The trailer that ends an app commit's message. */
export function appTrailer(signer: Signer, c: { tree: string; parents: string[]; base: string; changes: string }): string {
  return `${commitTrailer}\nLlrt-migrate: base=${c.base} changes=${c.changes} sig=${signer.sign(signedText(c.tree, c.parents, c.base, c.changes))}`;
}

export async function branchHead(octokit: Octokit, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** The app's record in a commit, or null when the commit is not the app's (a person's work). */
export async function readAppCommit(octokit: Octokit, repo: RepoRef, sha: string, signer: Signer): Promise<AppCommit | null> {
  const { data } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha });
  const match = trailerPattern.exec(data.message);
  if (!match) return null;
  const [, base, changes, signature] = match;
  const parents = data.parents.map((p) => p.sha);
  return signer.verify(signedText(data.tree.sha, parents, base, changes), signature) ? { sha, base, changes } : null;
}

export interface NewCommit {
  base: string;
  changes: FileChange[];
  digest: string;
  modes: Map<string, string>;
  title: string;
  /** The app's commit now at the branch head, which the new one must descend from (null: start from base). */
  previous: AppCommit | null;
}

/**
 * The migration as a commit. On an existing app branch it descends from the branch head, so the
 * branch moves by fast-forward only: on the same base a plain follow-up commit, on a new base a
 * merge of the base whose tree is the fresh migration (the PR's diff is still base → migration).
 */
export async function createCommit(octokit: Octokit, repo: RepoRef, signer: Signer, c: NewCommit): Promise<string> {
  const tree = c.changes.map((change) => ({
    path: change.path,
    mode: (c.modes.get(change.path) ?? "100644") as "100644" | "100755",
    type: "blob" as const,
    content: change.after,
  }));
  const { data: newTree } = await octokit.rest.git.createTree({ ...repo, base_tree: c.base, tree });
  const parents = !c.previous ? [c.base] : c.previous.base === c.base ? [c.previous.sha] : [c.previous.sha, c.base];
  const { data: commit } = await octokit.rest.git.createCommit({
    ...repo,
    message: `${c.title}\n\n${appTrailer(signer, { tree: newTree.sha, parents, base: c.base, changes: c.digest })}`,
    tree: newTree.sha,
    parents,
  });
  return commit.sha;
}

/**
 * Moves the branch from `from` (the head the app verified; null: the branch did not exist) to `to`.
 * Never forced unless `overwrite` (the user's `recreate`): if anyone moved the branch meanwhile,
 * GitHub refuses ("not a fast forward", "already exists") and this returns false. A move that took
 * effect but answered with an error (then retried) is recognised by the head being `to`.
 */
export async function moveBranch(
  octokit: Octokit,
  repo: RepoRef,
  branch: string,
  move: { from: string | null; to: string; overwrite: boolean },
): Promise<boolean> {
  try {
    if (move.from === null) await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: move.to });
    else await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: move.to, force: move.overwrite });
    return true;
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    return (await branchHead(octokit, repo, branch)) === move.to;
  }
}

export async function deleteBranch(octokit: Octokit, repo: RepoRef, branch: string): Promise<void> {
  try {
    await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
  } catch (error) {
    if (statusOf(error) !== 404 && statusOf(error) !== 422) throw error; // already gone
  }
}
