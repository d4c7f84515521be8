// The tool's own name and version, from package.json (bundled into dist by esbuild).
import pkg from "../package.json";

export const tool = { name: pkg.name, version: pkg.version } as const;
