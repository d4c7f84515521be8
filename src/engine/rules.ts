// Every rule the engine runs. Code rules run in order on each JS/TS file's single parsed tree;
// project rules run after them on the whole (migrated) project.
import { handlerAsyncRule } from "../../transforms/handler-async";
import type { CodeRule } from "./code-rule";
import type { ProjectRule } from "./project-rule";

export const codeRules: CodeRule[] = [handlerAsyncRule];

export const projectRules: ProjectRule[] = [];
