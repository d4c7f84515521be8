// Which files the migration may touch. `exclude` patterns and the files that are never Lambda code
// (tests, tool configuration) both follow .gitignore semantics, through the `ignore` package: `test/`
// is a folder at any depth, `*.test.*` a file name anywhere, `/build` anchored at the project root.
import ignore from "ignore";

/** A predicate over project-relative paths (a folder is given with a trailing `/`). */
export type PathMatcher = (path: string) => boolean;

/** `patterns` as a .gitignore would read them; no patterns match nothing. */
export function gitignoreMatcher(patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => false;
  const matcher = ignore().add([...patterns]);
  // `ignore` rejects "", "./x" and absolute paths; the project root is never excluded.
  return (path) => {
    const relative = path.replace(/^(\.\/)+/, "");
    return relative !== "" && relative !== "/" && matcher.ignores(relative);
  };
}

/**
 * Tests, test helpers and tool configuration: code that runs on a developer's machine or in CI, never
 * in a function. Code rules never rewrite them, even when a function's code imports one.
 */
export const testAndToolPatterns = [
  "*.test.*", "*.spec.*", "*.e2e.*",
  "__tests__/", "__mocks__/", "__fixtures__/", "test/", "tests/", "spec/", "e2e/",
  "jest.config.*", "jest.setup.*", "jest.preset.*", "vitest.config.*", "vitest.workspace.*", ".mocharc.*", "karma.conf.*",
  "webpack.config.*", "webpack.*.config.*", "rollup.config.*", "vite.config.*", "esbuild.config.*", "tsup.config.*",
  "babel.config.*", ".babelrc.*", ".eslintrc.*", "eslint.config.*", ".prettierrc.*", "prettier.config.*",
  ".lintstagedrc.*", "lint-staged.config.*", "commitlint.config.*", "gulpfile.*", "Gruntfile.*",
] as const;

export const isTestOrToolFile: PathMatcher = gitignoreMatcher(testAndToolPatterns);
