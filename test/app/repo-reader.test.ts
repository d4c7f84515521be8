// The App reads files through the Git Data API with the CLI's decoding: a blob that is not valid UTF-8
// is marked so the engine never rewrites it, and a BOM is read as it is.
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, expect, test } from "vitest";
import { BlobCache, readRepository } from "../../src/app/repo-reader";
import { FakeGitHub } from "./fake-github";

let github: FakeGitHub;
beforeEach(async () => {
  github = new FakeGitHub();
  await github.start();
});
afterEach(() => github.stop());

test("marks a blob that is not valid UTF-8, also when it comes from the blob cache", async () => {
  const latin1 = Buffer.concat([Buffer.from("// caf"), Buffer.from([0xe9]), Buffer.from("\nexports.handler = async () => 1;\n")]);
  const repo = github.addRepo("o", "r", { "src/latin1.js": latin1, "src/bom.js": "\uFEFFexport const handler = async () => 1;\n" });
  const octokit = new ProbotOctokit({ auth: { token: "t" }, baseUrl: github.url, retry: { enabled: false }, throttle: { enabled: false } });
  const cache = new BlobCache();
  for (let run = 0; run < 2; run++) {
    const { project } = await readRepository(octokit, { owner: "o", repo: "r" }, repo.refs.get("heads/main")!, { paths: [], exclude: [] }, undefined, cache);
    expect(project.isUtf8("src/latin1.js")).toBe(false);
    expect(project.read("src/latin1.js")).toContain("// caf\uFFFD\n");
    expect(project.isUtf8("src/bom.js")).toBe(true);
    expect(project.read("src/bom.js")?.startsWith("\uFEFFexport")).toBe(true);
  }
  // The second read came from the cache.
  expect(github.requests.filter((r) => r.path.includes("/git/blobs/"))).toHaveLength(2);
});
