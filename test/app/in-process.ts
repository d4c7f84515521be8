// Test support: the engine run in the test's own thread instead of the app's worker thread (which
// loads the TypeScript sources through tsx, seconds per run); budget tests and the end-to-end test use the real one.
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import type { MigrationOptions } from "../../src/engine/types";

export const migrateInProcess = (files: Array<[string, string]>, options: MigrationOptions) => migrateProject(new Project(files), options);
