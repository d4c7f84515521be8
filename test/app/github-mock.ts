// Test support: nock interceptors for the GitHub API calls the app makes, one helper per step, and
// a record of what the app sent so tests can assert on it.
import nock from "nock";
import { expect } from "vitest";
import { appTrailer } from "../../src/app/git-data";
import { Markers } from "../../src/app/markers";
import { Signer } from "../../src/app/signing";
import { loadFakeRepo } from "./fake-repo";

/** The app's signing key in these tests (passed to createApp). */
export const signer = new Signer("app-test-secret");
export const markers = new Markers(signer);
const TREE = "t".repeat(40);
/** What the app's earlier commit APP_COMMIT recorded: computed from an older base. */
export const OLD_BASE = "0".repeat(40);

/** A commit as GET /git/commits returns it; an app commit carries the signed trailer. */
export function commitReply(sha: string, app: { parents: string[]; base: string; changes: string } | null) {
  const parents = app?.parents ?? [BASE];
  const message = app ? `Run 2 Lambda functions on LLRT\n\n${appTrailer(signer, { tree: TREE, ...app })}` : "A person's fix";
  return { sha, message, tree: { sha: TREE }, parents: parents.map((p) => ({ sha: p })) };
}
export const BASE = "b".repeat(40);
export const APP_COMMIT = "a".repeat(40);
export const NEW_COMMIT = "c".repeat(40);
const repoPath = "/repos/acme/lambdas";
const branchRef = "heads%2Fllrt-migrate%2Fruntime";

export interface Sent {
  tree?: any;
  commit?: any;
  ref?: any;
  pull?: any;
  pullUpdates: any[];
  comments: any[];
  checkRuns: any[];
  checkUpdates: any[];
  blobsRead: string[];
  labels?: any;
  deletedRef: boolean;
}

export function githubMock() {
  const scope = nock("https://api.github.com");
  const repo = loadFakeRepo();
  const sent: Sent = { pullUpdates: [], comments: [], checkRuns: [], checkUpdates: [], blobsRead: [], deletedRef: false };
  const record = (into: (body: any) => void, status: number, reply: unknown) => (_uri: string, body: any) => (into(body), [status, reply] as [number, unknown]);

  const mock = {
    scope,
    sent,
    repo,
    token: () => (scope.post("/app/installations/2/access_tokens").reply(200, { token: "ghs_test", permissions: {} }), mock),
    defaultBranch: () => (scope.get(repoPath).reply(200, { default_branch: "main" }), mock),
    base: (sha = BASE) => (scope.get(`${repoPath}/git/ref/heads%2Fmain`).reply(200, { object: { sha } }), mock),
    /** No YAML: the repository and the org's `.github` repository both answer 404. */
    config: (yaml?: string) => {
      const path = "/contents/.github%2Fllrt-migrate.yml";
      if (yaml === undefined) scope.get(`${repoPath}${path}`).reply(404).get(`/repos/acme/.github${path}`).reply(404);
      // The config plugin decodes the body as text only with a charset (see the reference's gotcha 1).
      else scope.get(`${repoPath}${path}`).reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
      return mock;
    },
    openPr: (pr: { number: number; body: string } | null) => (
      scope.get(`${repoPath}/pulls`).query({ state: "open", head: "acme:llrt-migrate/runtime" }).reply(200, pr ? [pr] : []), mock
    ),
    closedPrs: (prs: Array<{ number: number; body: string; merged_at: string | null }>) => (
      scope.get(`${repoPath}/pulls`).query((q) => q.state === "closed" && q.head === "acme:llrt-migrate/runtime").reply(200, prs), mock
    ),
    readRepo: (sha = BASE) => {
      scope.get(`${repoPath}/git/trees/${sha}`).query({ recursive: "true" }).reply(200, repo.tree(sha));
      scope
        .get(/\/repos\/acme\/lambdas\/git\/blobs\/[0-9a-f]{40}$/)
        .times(5)
        .reply((uri) => {
          const blobSha = uri.slice(uri.lastIndexOf("/") + 1);
          sent.blobsRead.push(repo.files.find((f) => f.sha === blobSha)!.path);
          return [200, repo.blob(blobSha)];
        });
      return mock;
    },
    /** The branch head; APP_COMMIT is the app's (signed), any other sha a person's unless `app` says what it recorded. */
    branch: (head: string | null, app?: { parents: string[]; base: string; changes: string }) => {
      scope.get(`${repoPath}/git/ref/${branchRef}`).reply(head ? 200 : 404, head ? { object: { sha: head } } : { message: "Not Found" });
      const recorded = app ?? (head === APP_COMMIT ? { parents: [OLD_BASE], base: OLD_BASE, changes: "ab12" } : null);
      if (head) scope.get(`${repoPath}/git/commits/${head}`).reply(200, commitReply(head, recorded));
      return mock;
    },
    commit: (branchExists: boolean) => {
      scope.post(`${repoPath}/git/trees`).reply(record((b) => (sent.tree = b), 201, { sha: TREE }));
      scope.post(`${repoPath}/git/commits`).reply(record((b) => (sent.commit = b), 201, { sha: NEW_COMMIT }));
      if (branchExists) scope.patch(`${repoPath}/git/refs/${branchRef}`).reply(record((b) => (sent.ref = b), 200, {}));
      else scope.post(`${repoPath}/git/refs`).reply(record((b) => (sent.ref = b), 201, {}));
      return mock;
    },
    createPr: () => (scope.post(`${repoPath}/pulls`).reply(record((b) => (sent.pull = b), 201, { number: 7 })), mock),
    updatePr: (number = 7) => (scope.patch(`${repoPath}/pulls/${number}`).reply(record((b) => sent.pullUpdates.push(b), 200, { number })), mock),
    comment: (number = 7) => {
      scope.get(`${repoPath}/issues/${number}/comments`).query(true).reply(200, []);
      scope.post(`${repoPath}/issues/${number}/comments`).reply(record((b) => sent.comments.push(b), 201, { id: 1 }));
      return mock;
    },
    deleteBranch: () => (scope.delete(`${repoPath}/git/refs/${branchRef}`).reply(() => ((sent.deletedRef = true), [204, ""])), mock),
    /** The CI benchmark looked up on the PR head (`ciRuns`: the Action's check runs there), and the app's check run. */
    checkRun: (ciRuns: unknown[] = []) => {
      const checkRuns = /\/repos\/acme\/lambdas\/commits\/[0-9a-f]{40}\/check-runs/;
      // Optional: a run that stops before writing the PR (invalid config, limits) does not look.
      scope.get(checkRuns).query((q) => q.check_name === "llrt-migrate benchmark").optionally().reply(200, { total_count: ciRuns.length, check_runs: ciRuns });
      scope.get(checkRuns).query((q) => q.check_name === "llrt-migrate").reply(200, { total_count: 0, check_runs: [] });
      scope.post(`${repoPath}/check-runs`).reply(record((b) => sent.checkRuns.push(b), 201, { id: 555 }));
      return mock;
    },
    checkUpdate: (times = 1) => (
      scope.patch(`${repoPath}/check-runs/555`).times(times).reply(record((b) => sent.checkUpdates.push(b), 200, { id: 555 })), mock
    ),
    done: () => expect(scope.pendingMocks()).toStrictEqual([]),
  };
  return mock;
}
