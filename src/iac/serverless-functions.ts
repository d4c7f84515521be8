// The functions a serverless.yml declares, wherever it declares them: a `functions:` map, a list of
// maps, or `${file(./functions.yml)}` references (for the whole section, one list item, or one
// function). A referenced file in the project is read (it is not edited: llrt-migrate edits
// serverless.yml only); one that is not in the project is reported, once per reference.
import { isMap, isScalar, isSeq } from "yaml";
import type { Node, Pair, Scalar, YAMLMap } from "yaml";
import type { Project } from "../engine/project";
import { dirname, joinPath } from "../engine/project";
import { lineColumnAt } from "../engine/text-position";
import type { RuleFinding } from "../engine/types";
import { mapGet, parseYaml, plainString } from "./yaml-source";

export interface DeclaredFunction {
  name: string;
  node: Node;
  /** The text that holds the declaration (serverless.yml, or the referenced file). */
  text: string;
  /** Offset of its key in `text` (an opt-out comment sits on or above it). */
  keyStart: number;
  /** Set when it comes from `${file(...)}`: the referenced path, and where serverless.yml references it. */
  external?: { file: string; at: { line: number; column: number } };
}

/** `${file(./functions.yml)}` or `${file(./functions.yml):functions}` -> path and property. */
function fileReference(node: unknown): { path: string; property?: string } | undefined {
  const match = /^\$\{file\(\s*['"]?([^'")]+?)['"]?\s*\)(?::([\w.-]+))?\}$/.exec(plainString(node)?.trim() ?? "");
  return match ? { path: match[1], property: match[2] } : undefined;
}

export function declaredFunctions(root: unknown, path: string, text: string, project: Project, rule: string): { functions: DeclaredFunction[]; findings: RuleFinding[] } {
  const functions: DeclaredFunction[] = [];
  const findings: RuleFinding[] = [];

  /** The node a `${file()}` reference stands for, with the referenced text; undefined (and a finding) when it cannot be read. */
  const follow = (ref: Node): { node: unknown; text: string; file: string; at: { line: number; column: number } } | undefined => {
    const target = fileReference(ref)!;
    const file = joinPath(dirname(path), target.path);
    const at = lineColumnAt(text, ref.range?.[0] ?? 0);
    const referenced = project.read(file);
    let node: unknown;
    if (referenced !== undefined) {
      try {
        node = parseYaml(referenced).contents;
        for (const key of target.property?.split(".") ?? []) node = mapGet(node, key);
      } catch {
        node = undefined; // its own parse error is reported when the file is read on its own
      }
    }
    if (node === undefined || node === null) {
      findings.push({
        rule, severity: "warning", ...at,
        message: `The functions in \`${plainString(ref)}\` were not read: ${referenced === undefined ? `${file} is not in the project` : `${file} has no such functions`}; they are left as they are.`,
        fix: `Run llrt-migrate on the project that holds ${file}, or declare these functions in ${path}.`,
      });
      return undefined;
    }
    return { node, text: referenced!, file, at };
  };

  const addMap = (map: unknown, source: string, external?: DeclaredFunction["external"]) => {
    if (!isMap(map)) return;
    for (const pair of (map as YAMLMap<unknown, Node | null>).items as Array<Pair<unknown, Node | null>>) {
      if (!isScalar(pair.key)) continue;
      const name = String((pair.key as Scalar).value);
      const keyStart = (pair.key as Node).range?.[0] ?? 0;
      if (fileReference(pair.value)) {
        const target = follow(pair.value!);
        if (target && isMap(target.node)) functions.push({ name, node: target.node as Node, text: target.text, keyStart: 0, external: { file: target.file, at: target.at } });
      } else if (pair.value) functions.push({ name, node: pair.value, text: source, keyStart, ...(external ? { external } : {}) });
    }
  };
  const addSection = (section: unknown, source: string, external?: DeclaredFunction["external"]) => {
    if (isSeq(section)) for (const item of section.items) addSection(item, source, external);
    else if (fileReference(section)) {
      const target = follow(section as Node);
      if (target) addSection(target.node, target.text, { file: target.file, at: target.at });
    } else addMap(section, source, external);
  };
  addSection(mapGet(root, "functions"), text);
  return { functions, findings };
}
