// The executable entry (bundled to dist/cli.js): run the CLI with this process's arguments.
import { main } from "./main";

process.exitCode = await main(process.argv.slice(2));
