// Every code rule the engine runs, in order, on each JS/TS file's single parsed tree.
import { handlerAsyncRule } from "../../transforms/handler-async";
import type { CodeRule } from "./code-rule";

export const codeRules: CodeRule[] = [handlerAsyncRule];
