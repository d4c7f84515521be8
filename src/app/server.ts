// `npm start`: Probot's own server with its standard environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET,
// PORT, HOST, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL) and webhook path /api/github/webhooks.
import { run } from "probot";
import app from "./index";
import { appLogger } from "./log";
import { startupEnv, startupProblem } from "./startup";

const env = startupEnv(process.env, process.cwd());
const problem = startupProblem(env);
if (problem) {
  console.error(`llrt-migrate app: ${problem}`);
  process.exit(1);
}
const server = await run(app, { log: await appLogger(env) });
// A deploy stops a replica with SIGTERM: stop taking webhooks, let the running jobs finish (with
// REDIS_URL the waiting ones stay in Redis for the other replicas), then exit.
// Bounded: with Redis unreachable the queue could not finish closing (its jobs are recovered anyway).
const drainMs = 25_000;
process.once("SIGTERM", () => {
  setTimeout(() => process.exit(1), drainMs).unref();
  void server
    .stop()
    .then(() => app.close())
    .then(() => process.exit(0), () => process.exit(1));
});
