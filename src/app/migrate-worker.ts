// Worker thread entry: one migration, off the app's event loop (see budget.ts). It gets the files the
// app read and the options, and posts back the result; it touches no network, disk or secret.
import { parentPort, workerData } from "node:worker_threads";
import { migrateProject } from "../engine/migrate";
import { Project } from "../engine/project";
import type { MigrationOptions } from "../engine/types";

const { files, options } = workerData as { files: Array<[string, string]>; options: MigrationOptions };
const result = await migrateProject(new Project(files), options);
parentPort!.postMessage(result);
