// The events a function is verified with, in this order of preference: the user's `--event`; the
// project's own event files (SAM's `events/*.json`, `event*.json` beside the template or the code);
// otherwise one event per trigger the template declares, in the shape AWS sends it.
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { describeError } from "../engine/errors";
import type { LambdaFunction } from "../engine/types";
import type { Project } from "../engine/project";
import { get, isMapValue, str } from "../iac/template-doc";
import { templateDoc } from "../iac/template-file";
import { triggerEvent } from "./trigger-events";

export interface VerifyEvent {
  /** Where the event comes from: a file, or the trigger it was built for. */
  source: string;
  event: unknown;
}

/** More events than this from one folder would make a run slow without adding much. */
const maxProjectEvents = 5;

export function loadEventFile(file: string): VerifyEvent {
  try {
    return { source: file, event: JSON.parse(readFileSync(file, "utf8")) };
  } catch (error) {
    throw new Error(`--event ${file}: ${describeError(error)}`);
  }
}

const isEventFile = (path: string, dirs: Set<string>) => {
  const dir = posix.dirname(path);
  const base = posix.basename(path);
  if (!base.endsWith(".json") || base === "package.json" || base === "package-lock.json" || base.startsWith("tsconfig")) return false;
  return (posix.basename(dir) === "events" && dirs.has(posix.dirname(dir))) || (dirs.has(dir) && /^event/i.test(base));
};

/** Folders whose event files may be the function's: the project root, the template's and the code's folders and their parents. */
function candidateDirs(fn: LambdaFunction): Set<string> {
  const dirs = new Set<string>(["."]);
  for (const file of [fn.file, fn.entry]) {
    let dir = file ? posix.dirname(file) : ".";
    while (dir !== "." && dir !== "/") {
      dirs.add(dir);
      dir = posix.dirname(dir);
    }
  }
  return dirs;
}

const simplify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Names an event file may carry to say whose it is: the function's, and its handler file's (not `index`/`app`). */
function ownNames(fn: LambdaFunction): string[] {
  const words = [fn.name.replace(/Function$/, ""), fn.entry ? posix.basename(fn.entry).replace(/\.[^.]+$/, "") : ""];
  return words.map(simplify).filter((n) => n.length > 2 && !["index", "handler", "app", "main", "lambda", "function"].includes(n));
}

const namedAfter = (file: string, names: string[]) => names.some((n) => simplify(posix.basename(file)).includes(n));

function projectEvents(project: Project, fn: LambdaFunction, others: LambdaFunction[]): VerifyEvent[] {
  const dirs = candidateDirs(fn);
  const files = project.paths().filter((p) => isEventFile(p, dirs)).sort();
  // With several functions, files named after one (events/orders-created.json for OrdersFunction)
  // are that one's; the others take the files named after no function.
  const mine = files.filter((f) => namedAfter(f, ownNames(fn)));
  const otherNames = others.filter((o) => o !== fn).flatMap(ownNames);
  const unclaimed = files.filter((f) => !namedAfter(f, otherNames));
  const events: VerifyEvent[] = [];
  for (const file of (mine.length ? mine : unclaimed).slice(0, maxProjectEvents)) {
    try {
      events.push({ source: file, event: JSON.parse(project.read(file) ?? "") });
    } catch {
      // not JSON: not an event file
    }
  }
  return events;
}

/** SAM `Events` of the function's resource, and a function URL when it has one. */
function triggerEvents(project: Project, fn: LambdaFunction): VerifyEvent[] {
  if (fn.source !== "sam" && fn.source !== "cloudformation") return [];
  const text = project.read(fn.file);
  if (text === undefined) return [];
  let properties: unknown;
  try {
    properties = get(templateDoc(fn.file, text).data, "Resources", fn.name, "Properties");
  } catch {
    return [];
  }
  const events: VerifyEvent[] = [];
  const declared = get(properties, "Events");
  for (const [name, trigger] of isMapValue(declared) ? Object.entries(declared) : []) {
    const type = str(get(trigger, "Type")) ?? "";
    const event = triggerEvent(type, get(trigger, "Properties"));
    if (event !== undefined) events.push({ source: `${type} trigger ${name} (generated)`, event });
  }
  if (get(properties, "FunctionUrlConfig") !== undefined) events.push({ source: "function URL (generated)", event: triggerEvent("FunctionUrl", {}) });
  return events;
}

/** `functions`: every function of the project, to tell whose an event file is by its name. */
export function eventsFor(project: Project, fn: LambdaFunction, functions: LambdaFunction[], given: VerifyEvent | undefined): VerifyEvent[] {
  if (given) return [given];
  const own = projectEvents(project, fn, functions);
  if (own.length) return own;
  return triggerEvents(project, fn);
}
