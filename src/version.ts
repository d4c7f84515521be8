// The tool's own name and version, from package.json (bundled into dist by esbuild).
import pkg from "../package.json";

export const tool = { name: pkg.name, version: pkg.version } as const;

/** The README as published with the package (npm renders it); `anchor` is a section's id. */
export const readmeUrl = (anchor?: string) => `https://www.npmjs.com/package/${pkg.name}${anchor ? `#${anchor}` : ""}`;
