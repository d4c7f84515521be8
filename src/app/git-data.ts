// The branch and its single commit, built with the Git Data API: one tree, one commit with no author
// (so GitHub signs it as the app), then the branch pointed at it.
import type { FileChange } from "../engine/types";
import { statusOf } from "./github";
import type { Octokit, RepoRef } from "./github";

/** Trailer on every commit the app makes: how a leftover branch is recognised as ours. */
export const commitTrailer = "Generated-by: llrt-migrate";

export async function branchHead(octokit: Octokit, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** A commit the app made: our trailer and a single parent. Anything else is a human's work. */
export async function isAppCommit(octokit: Octokit, repo: RepoRef, sha: string): Promise<boolean> {
  const { data } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha });
  return data.message.includes(commitTrailer) && data.parents.length === 1;
}

export async function createCommit(
  octokit: Octokit,
  repo: RepoRef,
  baseSha: string,
  changes: FileChange[],
  modes: Map<string, string>,
  title: string,
): Promise<string> {
  const tree = changes.map((change) => ({
    path: change.path,
    mode: (modes.get(change.path) ?? "100644") as "100644" | "100755",
    type: "blob" as const,
    content: change.after,
  }));
  const { data: newTree } = await octokit.rest.git.createTree({ ...repo, base_tree: baseSha, tree });
  const { data: commit } = await octokit.rest.git.createCommit({
    ...repo,
    message: `${title}\n\n${commitTrailer}`,
    tree: newTree.sha,
    parents: [baseSha],
  });
  return commit.sha;
}

/** Points the branch at `sha`, creating it when missing. Force is safe: the caller checked the head is ours. */
export async function pointBranch(octokit: Octokit, repo: RepoRef, branch: string, sha: string, exists: boolean): Promise<void> {
  if (exists) {
    await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
    return;
  }
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
  } catch (error) {
    // Created meanwhile by a racing delivery: ours too, so move it.
    if (statusOf(error) !== 422) throw error;
    await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
  }
}

export async function deleteBranch(octokit: Octokit, repo: RepoRef, branch: string): Promise<void> {
  try {
    await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
  } catch (error) {
    if (statusOf(error) !== 404 && statusOf(error) !== 422) throw error; // already gone
  }
}
