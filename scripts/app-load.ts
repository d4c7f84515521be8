// Load run of the App on Redis (a script, not a test): N repositories x P pushes, each push delivered
// twice (to both replicas, same delivery id), against the stand-in GitHub API, with R replicas of the
// built dist/app.js on one throwaway redis-server. Prints PRs per repository, duplicates, repositories
// whose PR did not reach the last push (jobs lost), webhook latency and the time to settle.
//   npm run build && npx tsx scripts/app-load.ts [repos=50] [pushes=5] [replicas=2]
import { randomBytes, randomUUID } from "node:crypto";
import { AppProcess } from "../test/app/app-process";
import { loadFakeRepo, payload } from "../test/app/fake-repo";
import { FakeGitHub } from "../test/app/fake-github";
import { startRedis } from "../test/app/redis-server";

const [repoCount, pushes, replicaCount] = [50, 5, 2].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));
const secret = randomBytes(32).toString("hex");
const files = Object.fromEntries(loadFakeRepo().files.map((f) => [f.path, f.content]));
const redis = await startRedis();
const github = new FakeGitHub();
const names = Array.from({ length: repoCount }, (_, i) => `r${i}`);
const repos = names.map((name) => github.addRepo("acme", name, files));
await github.start();
const apps = await Promise.all(
  Array.from({ length: replicaCount }, () => AppProcess.start(github.url, secret, { REDIS_URL: redis.url, LOG_LEVEL: "info" }, ["dist/app.js"])),
);

process.on("uncaughtException", () => void Promise.all(apps.map((a) => a.child.kill("SIGKILL"))).then(() => redis.stop()).finally(() => process.exit(1)));
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const latencies: number[] = [];
const started = Date.now();
for (let round = 0; round < pushes; round++) {
  await Promise.all(
    names.map(async (name, i) => {
      const repo = repos[i];
      // A real change on main each time, so every push has work to do.
      repo.push("main", { "src/hello.mjs": `export const handler = (event, context, callback) => callback(null, ${round});\n` }, `push ${round}`);
      const body = payload("push");
      body.repository = { ...body.repository, name, full_name: `acme/${name}` };
      const text = JSON.stringify(body);
      const delivery = randomUUID();
      // One retry on a reset connection: undici reusing a keep-alive socket the server just closed.
      const deliver = (app: AppProcess) => app.deliver("push", text, secret, { delivery }).catch(() => app.deliver("push", text, secret, { delivery }));
      const answers = await Promise.all([0, 1].map((k) => deliver(apps[(i + k) % apps.length])));
      for (const a of answers) {
        if (a.status !== 200) throw new Error(`webhook answered ${a.status}`);
        latencies.push(a.ms);
      }
    }),
  );
}
const sent = Date.now();

/** The base commit a PR's state marker records (the app's last run on it). */
const baseOf = (body: string) => /"base":"([0-9a-f]{40})"/.exec(body)?.[1];
const settled = () => repos.every((r) => r.openPulls().length === 1 && baseOf(r.openPulls()[0].body) === r.refs.get("heads/main"));
const deadline = Date.now() + 30 * 60_000;
while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
const done = Date.now();

const prs = repos.map((r) => r.pulls.length);
const runsPerReplica = apps.map((a) => a.output.split('"msg":"llrt-migrate run finished"').length - 1);
console.log(
  JSON.stringify(
    {
      repositories: repoCount,
      pushes,
      replicas: replicaCount,
      webhooks: latencies.length,
      prsPerRepository: { min: Math.min(...prs), max: Math.max(...prs) },
      duplicates: prs.filter((n) => n > 1).length,
      notAtLastPush: repos.filter((r) => baseOf(r.openPulls()[0]?.body ?? "") !== r.refs.get("heads/main")).length,
      checkRunsPerHead: Math.max(...repos.map((r) => Math.max(...[...new Set(r.checkRuns.map((c) => c.head_sha))].map((h) => r.checkRuns.filter((c) => c.head_sha === h).length)))),
      runsPerReplica,
      failedJobs: apps.map((a) => a.output.split('"msg":"llrt-migrate job failed"').length - 1),
      webhookMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) },
      deliverSeconds: (sent - started) / 1000,
      settleSeconds: (done - started) / 1000,
    },
    null,
    2,
  ),
);
await Promise.all(apps.map((a) => a.stop()));
await github.stop();
await redis.stop();
