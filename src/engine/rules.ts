// Every rule the engine runs. Code rules run in order on each JS/TS file's single parsed tree;
// project rules run after them on the whole (migrated) project.
import { awsSdkV2ToV3Rule } from "../../transforms/aws-sdk-v2-to-v3";
import { handlerAsyncRule } from "../../transforms/handler-async";
import { sdkBundledClientsRule } from "../../transforms/sdk-bundled-clients";
import { sdkNodeOnlyRule } from "../../transforms/sdk-node-only";
import { sdkResponseBodiesRule } from "../../transforms/sdk-response-bodies";
import { sdkPackageJsonRule } from "../sdk/package-json-rule";
import { llrtCompatRule } from "../../transforms/llrt-compat";
import { llrtDependenciesRule } from "../compat/dependencies-rule";
import type { CodeRule } from "./code-rule";
import type { ProjectRule } from "./project-rule";

// The SDK v2 -> v3 conversion runs first: the SDK rules after it (and the others) see v3 code.
export const codeRules: CodeRule[] = [
  awsSdkV2ToV3Rule,
  sdkNodeOnlyRule,
  sdkResponseBodiesRule,
  sdkBundledClientsRule,
  handlerAsyncRule,
  llrtCompatRule, // analysis only: keep it last so it sees what the rewrites left
];

export const projectRules: ProjectRule[] = [sdkPackageJsonRule, llrtDependenciesRule];
