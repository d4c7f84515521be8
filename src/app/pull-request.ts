// The app's one pull request per repository: found by its fixed head branch, created or updated in
// place, closed when the migration no longer changes anything. Creating it and commenting on it are
// not idempotent on GitHub's side, so both look for their effect before a retry.
import type { Octokit, RepoRef } from "./github";
import { noBlindRetry, writeOnce } from "./idempotent";
import type { IgnoredVersion, Markers } from "./markers";

export interface AppPullRequest {
  number: number;
  body: string;
}

export async function findOpenPullRequest(octokit: Octokit, repo: RepoRef, branch: string): Promise<AppPullRequest | null> {
  const { data } = await octokit.rest.pulls.list({ ...repo, state: "open", head: `${repo.owner}:${branch}` });
  const pr = data[0];
  return pr ? { number: pr.number, body: pr.body ?? "" } : null;
}

/** The "ignored" version recorded on the most recent PR of the branch, when it was closed unmerged. */
export async function findIgnoredVersion(octokit: Octokit, repo: RepoRef, branch: string, markers: Markers): Promise<IgnoredVersion | undefined> {
  const { data } = await octokit.rest.pulls.list({
    ...repo, state: "closed", head: `${repo.owner}:${branch}`, sort: "created", direction: "desc", per_page: 1,
  });
  const latest = data[0];
  return latest && !latest.merged_at ? markers.readIgnored(latest.body) : undefined;
}

export interface PullRequestContent {
  title: string;
  body: string;
  base: string;
  draft: boolean;
  labels: string[];
  reviewers: string[];
}

/**
 * Opens the PR. If it exists already (an earlier run stopped after creating it, or the create
 * answered 5xx after succeeding), that PR gets this content instead of a duplicate being opened.
 */
export async function createPullRequest(octokit: Octokit, repo: RepoRef, branch: string, content: PullRequestContent): Promise<number> {
  const number = await writeOnce(
    async () => {
      const { data } = await octokit.rest.pulls.create({
        ...repo, head: branch, base: content.base, title: content.title, body: content.body, draft: content.draft, ...noBlindRetry,
      });
      return data.number;
    },
    async () => {
      const existing = await findOpenPullRequest(octokit, repo, branch);
      if (existing) await updatePullRequest(octokit, repo, existing.number, { title: content.title, body: content.body });
      return existing?.number;
    },
  );
  // Labels and reviewers only when opening: later runs must not undo what people changed. Both calls
  // are idempotent, so a retried opening adds nothing twice.
  if (content.labels.length) await octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels: content.labels });
  if (content.reviewers.length) await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: content.reviewers });
  return number;
}

export async function updatePullRequest(octokit: Octokit, repo: RepoRef, number: number, fields: { title?: string; body?: string; state?: "closed" }): Promise<void> {
  await octokit.rest.pulls.update({ ...repo, pull_number: number, ...fields });
}

/**
 * Comments once per `key`: the comment carries a hidden key, and a comment with that key already on
 * the PR (from a run that stopped, or a create that answered 5xx) is not posted again.
 */
export async function commentOnce(octokit: Octokit, repo: RepoRef, number: number, body: string, key: string): Promise<void> {
  const tag = `<!-- llrt-migrate:comment ${key} -->`;
  const posted = async () => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 });
    return comments.some((c) => c.body?.includes(tag)) ? true : undefined;
  };
  if (await posted()) return;
  await writeOnce(async () => (await octokit.rest.issues.createComment({ ...repo, issue_number: number, body: `${body}\n\n${tag}`, ...noBlindRetry }), true), posted);
}
