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
await run(app, { log: await appLogger(env) });
