// Test support: a stateful stand-in for the GitHub REST API on 127.0.0.1. It keeps real git objects
// (blobs, trees, commits with git's own shas for blobs), refs with fast-forward checks, pull requests,
// comments and check runs, so a test can inject a fault (a 502 after the write took effect, a 403
// secondary rate limit, a person pushing mid-run) and then look at what the repository really holds.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ApiRequest {
  method: string;
  /** Decoded path without GitHub Enterprise's /api/v3 prefix. */
  path: string;
  query: URLSearchParams;
  body: any;
}

/** What a fault hook answers instead of (or, with `after`, after) handling the request. */
export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Apply the request first, then answer with this status (a write that succeeded but failed to answer). */
  after?: boolean;
}

interface TreeEntry {
  path: string;
  mode: string;
  type: "blob";
  sha: string;
  size: number;
}

export interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface PullRequest {
  number: number;
  head: string;
  base: string;
  state: "open" | "closed";
  title: string;
  body: string;
  merged_at: string | null;
  draft: boolean;
}

export interface CheckRun {
  id: number;
  head_sha: string;
  name: string;
  status?: string;
  html_url?: string;
  completed_at?: string;
  external_id?: string;
  conclusion?: string;
  output?: any;
}

export class FakeRepository {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, Commit>();
  readonly refs = new Map<string, string>();
  readonly pulls: PullRequest[] = [];
  readonly comments: Array<{ issue: number; body: string }> = [];
  readonly checkRuns: CheckRun[] = [];
  config: string | undefined;

  constructor(
    readonly owner: string,
    readonly name: string,
    files: Record<string, string | Buffer>,
  ) {
    const tree = this.writeTree([], Object.entries(files).map(([path, content]) => ({ path, content })));
    const root = this.writeCommit({ tree, parents: [], message: "initial" });
    this.refs.set("heads/main", root);
  }

  writeBlob(content: Buffer): string {
    const sha = createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
    this.blobs.set(sha, content);
    return sha;
  }

  writeTree(base: TreeEntry[], changes: Array<{ path: string; content?: string | Buffer; sha?: string | null; mode?: string }>): string {
    const entries = new Map(base.map((e) => [e.path, e]));
    for (const c of changes) {
      if (c.sha === null) {
        entries.delete(c.path);
        continue;
      }
      const sha = c.content !== undefined ? this.writeBlob(Buffer.from(c.content)) : c.sha!;
      entries.set(c.path, { path: c.path, mode: c.mode ?? "100644", type: "blob", sha, size: this.blobs.get(sha)!.length });
    }
    const list = [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
    const sha = createHash("sha1").update(JSON.stringify(list)).digest("hex");
    this.trees.set(sha, list);
    return sha;
  }

  writeCommit(c: Omit<Commit, "sha">): string {
    const sha = createHash("sha1").update(JSON.stringify([c, this.commits.size])).digest("hex");
    this.commits.set(sha, { sha, ...c });
    return sha;
  }

  /** A person's commit on top of a branch, as `git push` would make it. */
  push(branch: string, files: Record<string, string>, message = "A person's change"): string {
    const parent = this.refs.get(`heads/${branch}`)!;
    const tree = this.writeTree(this.trees.get(this.commits.get(parent)!.tree)!, Object.entries(files).map(([path, content]) => ({ path, content })));
    const sha = this.writeCommit({ tree, parents: [parent], message });
    this.refs.set(`heads/${branch}`, sha);
    return sha;
  }

  /** Files of a commit (by sha or branch name) as text. */
  files(ref: string): Record<string, string> {
    const sha = this.commits.has(ref) ? ref : this.refs.get(`heads/${ref}`)!;
    const tree = this.trees.get(this.commits.get(sha)!.tree)!;
    return Object.fromEntries(tree.map((e) => [e.path, this.blobs.get(e.sha)!.toString("utf8")]));
  }

  isAncestor(ancestor: string, of: string): boolean {
    const stack = [of];
    const seen = new Set<string>();
    while (stack.length) {
      const sha = stack.pop()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  openPulls = () => this.pulls.filter((p) => p.state === "open");
}

type Reply = [number, unknown, Record<string, string>?];

export class FakeGitHub {
  readonly repos = new Map<string, FakeRepository>();
  readonly requests: ApiRequest[] = [];
  /** Called before each request is handled: a fault to inject, or undefined to handle it normally. */
  fault: (req: ApiRequest) => Fault | undefined = () => undefined;
  /** Called before each request is handled: a promise to wait for before answering (a slow GitHub). */
  hold: (req: ApiRequest) => Promise<void> | undefined = () => undefined;
  private server?: Server;
  url = "";
  private nextId = 1;

  addRepo(owner: string, name: string, files: Record<string, string | Buffer>): FakeRepository {
    const repo = new FakeRepository(owner, name, files);
    this.repos.set(`${owner}/${name}`, repo);
    return repo;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.read(req).then(async (body) => {
        const url = new URL(req.url!, "http://localhost");
        const path = decodeURIComponent(url.pathname).replace(/^\/api\/v3/, "");
        const request: ApiRequest = { method: req.method!, path, query: url.searchParams, body };
        this.requests.push(request);
        await this.hold(request);
        const [status, data, headers] = this.handleWithFaults(request);
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(status === 204 ? undefined : JSON.stringify(data));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Requests matching a method and a path pattern. */
  calls(method: string, path: RegExp): ApiRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private async read(req: IncomingMessage): Promise<any> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    return raw ? JSON.parse(raw) : undefined;
  }

  private handleWithFaults(req: ApiRequest): Reply {
    const fault = this.fault(req);
    if (!fault) return this.handle(req);
    if (fault.after) this.handle(req);
    return [fault.status, fault.body ?? { message: "injected fault" }, fault.headers];
  }

  private handle(req: ApiRequest): Reply {
    const { method, path, query, body } = req;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [201, { token: "ghs_fake", expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {} }];
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo = m && this.repos.get(`${m[1]}/${m[2]}`);
    if (!m || !repo) return [404, { message: "Not Found" }];
    const rest = m[3] ?? "";
    const route = `${method} ${rest}`;
    let p: RegExpExecArray | null;

    if (route === "GET ") return [200, { default_branch: "main", full_name: `${repo.owner}/${repo.name}` }];
    if (method === "GET" && rest.startsWith("/contents/")) {
      return repo.config !== undefined && rest === "/contents/.github/llrt-migrate.yml" ? [200, repo.config, { "content-type": "application/vnd.github.raw; charset=utf-8" }] : [404, { message: "Not Found" }];
    }
    if ((p = /^GET \/git\/ref\/(.+)$/.exec(route))) {
      const sha = repo.refs.get(p[1]);
      return sha ? [200, { ref: `refs/${p[1]}`, object: { sha, type: "commit" } }] : [404, { message: "Not Found" }];
    }
    if (route === "POST /git/refs") {
      const name = String(body.ref).replace(/^refs\//, "");
      if (repo.refs.has(name)) return [422, { message: "Reference already exists" }];
      if (!repo.commits.has(body.sha)) return [422, { message: "Object does not exist" }];
      repo.refs.set(name, body.sha);
      return [201, { ref: body.ref, object: { sha: body.sha } }];
    }
    if ((p = /^PATCH \/git\/refs\/(.+)$/.exec(route))) {
      const current = repo.refs.get(p[1]);
      if (!current) return [422, { message: "Reference does not exist" }];
      if (!body.force && !repo.isAncestor(current, body.sha)) return [422, { message: "Update is not a fast forward" }];
      repo.refs.set(p[1], body.sha);
      return [200, { ref: `refs/${p[1]}`, object: { sha: body.sha } }];
    }
    if ((p = /^DELETE \/git\/refs\/(.+)$/.exec(route))) {
      return repo.refs.delete(p[1]) ? [204, undefined] : [422, { message: "Reference does not exist" }];
    }
    if ((p = /^GET \/git\/trees\/([0-9a-f]+)$/.exec(route))) {
      const treeSha = repo.commits.get(p[1])?.tree ?? p[1];
      const tree = repo.trees.get(treeSha);
      return tree ? [200, { sha: treeSha, truncated: false, tree }] : [404, { message: "Not Found" }];
    }
    if ((p = /^GET \/git\/blobs\/([0-9a-f]+)$/.exec(route))) {
      const blob = repo.blobs.get(p[1]);
      return blob ? [200, { sha: p[1], size: blob.length, encoding: "base64", content: blob.toString("base64") }] : [404, { message: "Not Found" }];
    }
    if (route === "POST /git/trees") {
      const base = body.base_tree ? repo.trees.get(repo.commits.get(body.base_tree)?.tree ?? body.base_tree) : [];
      if (!base) return [422, { message: "base_tree is not a valid tree" }];
      return [201, { sha: repo.writeTree(base, body.tree) }];
    }
    if (route === "POST /git/commits") {
      if (!repo.trees.has(body.tree) || !body.parents.every((s: string) => repo.commits.has(s))) return [422, { message: "Object does not exist" }];
      const sha = repo.writeCommit({ tree: body.tree, parents: body.parents, message: body.message });
      return [201, { sha }];
    }
    if ((p = /^GET \/git\/commits\/([0-9a-f]+)$/.exec(route))) {
      const c = repo.commits.get(p[1]);
      return c ? [200, { sha: c.sha, message: c.message, tree: { sha: c.tree }, parents: c.parents.map((sha) => ({ sha })) }] : [404, { message: "Not Found" }];
    }
    if (route === "GET /pulls") {
      const head = query.get("head");
      const state = query.get("state") ?? "open";
      const found = repo.pulls
        .filter((pr) => (state === "all" || pr.state === state) && (!head || `${repo.owner}:${pr.head}` === head))
        .sort((a, b) => b.number - a.number);
      return [200, found];
    }
    if (route === "POST /pulls") {
      if (repo.openPulls().some((pr) => pr.head === body.head)) {
        return [422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${body.head}.` }] }];
      }
      if (!repo.refs.has(`heads/${body.head}`)) return [422, { message: "Validation Failed", errors: [{ field: "head", code: "invalid" }] }];
      const pr: PullRequest = { number: this.nextId++, head: body.head, base: body.base, state: "open", title: body.title, body: body.body, merged_at: null, draft: !!body.draft };
      repo.pulls.push(pr);
      return [201, pr];
    }
    if ((p = /^PATCH \/pulls\/(\d+)$/.exec(route))) {
      const pr = repo.pulls.find((x) => x.number === Number(p![1]));
      if (!pr) return [404, { message: "Not Found" }];
      Object.assign(pr, body);
      return [200, pr];
    }
    if ((p = /^POST \/issues\/(\d+)\/comments$/.exec(route))) {
      repo.comments.push({ issue: Number(p[1]), body: body.body });
      return [201, { id: this.nextId++, body: body.body }];
    }
    if ((p = /^GET \/issues\/(\d+)\/comments$/.exec(route))) {
      return [200, repo.comments.filter((c) => c.issue === Number(p![1])).map((c, i) => ({ id: i + 1, body: c.body }))];
    }
    if (/^POST \/(issues\/\d+\/labels|pulls\/\d+\/requested_reviewers)$/.test(route)) return [200, {}];
    if (route === "POST /check-runs") {
      const id = this.nextId++;
      const run: CheckRun = {
        id, head_sha: body.head_sha, name: body.name, status: body.status, external_id: body.external_id, conclusion: body.conclusion, output: body.output,
        html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${id}`, completed_at: new Date().toISOString(),
      };
      repo.checkRuns.push(run);
      return [201, run];
    }
    if ((p = /^PATCH \/check-runs\/(\d+)$/.exec(route))) {
      const run = repo.checkRuns.find((r) => r.id === Number(p![1]));
      if (!run) return [404, { message: "Not Found" }];
      run.output = { ...run.output, ...body.output, annotations: [...(run.output?.annotations ?? []), ...(body.output?.annotations ?? [])] };
      return [200, run];
    }
    if ((p = /^GET \/commits\/([0-9a-f]+)\/check-runs$/.exec(route))) {
      const runs = repo.checkRuns.filter((r) => r.head_sha === p![1] && (!query.get("check_name") || r.name === query.get("check_name")));
      return [200, { total_count: runs.length, check_runs: runs }];
    }
    return [404, { message: `stand-in GitHub has no route for ${route}` }];
  }
}
