// The app's one pull request per repository: found by its fixed head branch, created or updated in
// place, closed when the migration no longer changes anything.
import type { Octokit, RepoRef } from "./github";
import { readIgnored } from "./markers";
import type { IgnoredVersion } from "./markers";

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
export async function findIgnoredVersion(octokit: Octokit, repo: RepoRef, branch: string): Promise<IgnoredVersion | undefined> {
  const { data } = await octokit.rest.pulls.list({
    ...repo, state: "closed", head: `${repo.owner}:${branch}`, sort: "created", direction: "desc", per_page: 1,
  });
  const latest = data[0];
  return latest && !latest.merged_at ? readIgnored(latest.body) : undefined;
}

export interface PullRequestContent {
  title: string;
  body: string;
  base: string;
  draft: boolean;
  labels: string[];
  reviewers: string[];
}

export async function createPullRequest(octokit: Octokit, repo: RepoRef, branch: string, content: PullRequestContent): Promise<number> {
  const { data: pr } = await octokit.rest.pulls.create({
    ...repo, head: branch, base: content.base, title: content.title, body: content.body, draft: content.draft,
  });
  // Labels and reviewers only on creation: later runs must not undo what people changed.
  if (content.labels.length) await octokit.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: content.labels });
  if (content.reviewers.length) {
    await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: content.reviewers });
  }
  return pr.number;
}

export async function updatePullRequest(octokit: Octokit, repo: RepoRef, number: number, fields: { title?: string; body?: string; state?: "closed" }): Promise<void> {
  await octokit.rest.pulls.update({ ...repo, pull_number: number, ...fields });
}

export async function comment(octokit: Octokit, repo: RepoRef, number: number, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
}
