// The five GitHub REST calls the Action makes, over fetch with the workflow's token. A client library
// would add megabytes to the CLI package every user installs for what is five endpoints; responses
// are validated with zod like any outside input.
import { z } from "zod";

export interface RepoRef {
  owner: string;
  repo: string;
}

export class GitHubRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "GitHubRestError";
  }
}

const commentSchema = z.object({ id: z.number(), body: z.string().nullish() });
const pullFileSchema = z.object({ filename: z.string(), previous_filename: z.string().optional() });
const checkRunSchema = z.object({ id: z.number(), html_url: z.string().nullish() });

/** Pages of a list endpoint are capped: a pull request lists at most 3,000 files anyway. */
const maxPages = 30;

export class GitHubRest {
  constructor(
    private readonly token: string,
    private readonly apiUrl = "https://api.github.com",
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ json: unknown; next: boolean }> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "llrt-migrate-action",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      // GitHub's error body carries a message; never echo request bodies (they hold repository text).
      let message = response.statusText;
      try {
        message = z.object({ message: z.string() }).parse(JSON.parse(text)).message;
      } catch {
        // Not GitHub's JSON error shape: keep the status text.
      }
      throw new GitHubRestError(response.status, `GitHub API ${method} ${path.split("?")[0]}: ${response.status} ${message}`);
    }
    return { json: text ? (JSON.parse(text) as unknown) : null, next: /rel="next"/.test(response.headers.get("link") ?? "") };
  }

  private async list<T>(path: string, item: z.ZodType<T>): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const { json, next } = await this.call("GET", `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`);
      all.push(...z.array(item).parse(json));
      if (!next) break;
    }
    return all;
  }

  /** Paths a pull request adds, changes or renames (both names of a rename). */
  async pullRequestFiles(ref: RepoRef, pull: number): Promise<string[]> {
    const files = await this.list(`/repos/${ref.owner}/${ref.repo}/pulls/${pull}/files`, pullFileSchema);
    return files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
  }

  /**
   * Creates the pull request's comment that starts with `marker`, or updates the one there is: one
   * comment kept up to date rather than one per run.
   */
  async upsertMarkedComment(ref: RepoRef, issue: number, marker: string, body: string): Promise<"created" | "updated"> {
    const comments = await this.list(`/repos/${ref.owner}/${ref.repo}/issues/${issue}/comments`, commentSchema);
    const existing = comments.find((c) => c.body?.startsWith(marker));
    const text = `${marker}\n${body}`;
    if (existing) {
      await this.call("PATCH", `/repos/${ref.owner}/${ref.repo}/issues/comments/${existing.id}`, { body: text });
      return "updated";
    }
    await this.call("POST", `/repos/${ref.owner}/${ref.repo}/issues/${issue}/comments`, { body: text });
    return "created";
  }

  /** A completed check run on `headSha`; GitHub shows its summary on the pull request's Checks tab. */
  async completedCheckRun(
    ref: RepoRef,
    run: { name: string; headSha: string; conclusion: "success" | "neutral" | "failure"; title: string; summary: string; text?: string },
  ): Promise<{ id: number; url?: string }> {
    const { json } = await this.call("POST", `/repos/${ref.owner}/${ref.repo}/check-runs`, {
      name: run.name,
      head_sha: run.headSha,
      status: "completed",
      conclusion: run.conclusion,
      output: { title: run.title, summary: run.summary, text: run.text },
    });
    const created = checkRunSchema.parse(json);
    return { id: created.id, url: created.html_url ?? undefined };
  }
}
