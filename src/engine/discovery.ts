// Turning a handler string from infrastructure code into the source file that implements it.
import { codeExtensions } from "./code-rule";
import type { Project } from "./project";
import { joinPath } from "./project";

/** `src/app.handler` -> { module: "src/app", exportName: "handler" } (split at the last dot, as Lambda does). */
export function splitHandler(handler: string): { module: string; exportName: string } | undefined {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/**
 * The project file a handler's module names, relative to the code directory. Bundled functions name
 * their source explicitly (`explicitEntry`, e.g. SAM's esbuild EntryPoints); otherwise we try the
 * module path with each source extension, as Node and LLRT resolve it.
 */
export function resolveHandlerEntry(
  project: Project,
  codeDir: string,
  handler: string,
  explicitEntry?: string,
): string | null {
  if (explicitEntry) {
    const path = joinPath(codeDir, explicitEntry);
    return project.has(path) ? path : null;
  }
  const parts = splitHandler(handler);
  if (!parts) return null;
  const base = joinPath(codeDir, parts.module);
  const candidates = [...codeExtensions.map((ext) => base + ext), ...codeExtensions.map((ext) => `${base}/index${ext}`)];
  return candidates.find((path) => project.has(path)) ?? null;
}
