// Every rule the engine runs. Code rules run in order on each JS/TS file's single parsed tree;
// project rules run after them on the whole (migrated) project.
import { awsSdkV2ToV3Rule } from "../../transforms/aws-sdk-v2-to-v3";
import { handlerAsyncRule } from "../../transforms/handler-async";
import { callbackWaitsRule } from "../../transforms/callback-waits";
import { fetchImportRule } from "../../transforms/fetch-import";
import { fsExistsRule } from "../../transforms/fs-exists";
import { fsPromisifyRule } from "../../transforms/fs-promisify";
import { moduleFormatRule } from "../../transforms/module-format";
import { processPidRule } from "../../transforms/process-pid";
import { timersPromisesRule } from "../../transforms/timers-promises";
import { sdkBundledClientsRule } from "../../transforms/sdk-bundled-clients";
import { sdkNodeOnlyRule } from "../../transforms/sdk-node-only";
import { sdkResponseBodiesRule } from "../../transforms/sdk-response-bodies";
import { sdkV2SemanticsRule } from "../../transforms/sdk-v2-semantics";
import { sdkPackageJsonRule } from "../sdk/package-json-rule";
import { samSdkExternalsRule } from "../sdk/sam-externals-rule";
import { llrtCompatRule } from "../../transforms/llrt-compat";
import { llrtDependenciesRule } from "../compat/dependencies-rule";
import { cdkDependencyRule } from "../iac/cdk-dependency";
import type { CodeRule } from "./code-rule";
import type { ProjectRule } from "./project-rule";

// The SDK v2 -> v3 conversion runs first: the SDK rules after it (and the others) see v3 code.
export const codeRules: CodeRule[] = [
  awsSdkV2ToV3Rule,
  sdkNodeOnlyRule,
  sdkResponseBodiesRule,
  sdkV2SemanticsRule,
  sdkBundledClientsRule,
  handlerAsyncRule,
  // Safe LLRT rewrites: each changes code only where the result is provably the same.
  callbackWaitsRule,
  processPidRule,
  timersPromisesRule,
  fetchImportRule,
  fsPromisifyRule,
  fsExistsRule,
  moduleFormatRule, // after the rewrites above, which may remove requires
  llrtCompatRule, // analysis only: keep it last so it sees what the rewrites left
];

export const projectRules: ProjectRule[] = [sdkPackageJsonRule, samSdkExternalsRule, llrtDependenciesRule, cdkDependencyRule];
