// Test support: the app loaded into Probot against the stateful stand-in GitHub API (fake-github.ts),
// with Octokit's retries as in production but without their back-off, and each job's outcome recorded.
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../src/app/index";
import type { AppOptions } from "../../src/app/index";
import type { FakeGitHub } from "./fake-github";
import { privateKey } from "./fake-repo";
import { signer } from "./github-mock";
import { migrateInProcess } from "./in-process";

export type JobResult = { outcome?: string; error?: unknown };

export async function loadApp(github: FakeGitHub, options: AppOptions = {}) {
  const jobs: JobResult[] = [];
  const probot = new Probot({
    appId: 123,
    privateKey,
    baseUrl: github.url,
    logLevel: "fatal",
    // Octokit's retry of 5xx as in production, without its seconds of back-off; throttling off (writes 1 s apart).
    Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { retryAfterBaseValue: 1 }, throttle: { enabled: false } })),
  });
  const app = createApp({ signer, migrate: migrateInProcess, ...options, onJobDone: (_repo, result) => jobs.push(result) });
  await probot.load(app);
  /** Delivers one event and waits for the jobs it queued. */
  const receive = async (name: string, body: unknown, id: string) => {
    await probot.receive({ id, name: name as never, payload: body as never });
    await app.idle();
  };
  return { probot, app, jobs, receive };
}
