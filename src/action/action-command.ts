// `llrt-migrate action`: what action.yml runs. Its inputs come from INPUT_* variables, as GitHub
// passes them, so the command has no flags; the work loads only when it runs.
import { Command } from "commander";

export function actionCommand(onExit: (code: number) => void): Command {
  return new Command("action")
    .description("run as the GitHub Action (inputs from INPUT_* variables; see action.yml)")
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .action(async () => {
      const { runAction } = await import("./run-action");
      onExit(await runAction());
    });
}
