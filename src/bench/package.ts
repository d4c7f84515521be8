// The deployment zip of a test function. fflate builds it in memory (no zip tool on the machine,
// no temp files) and sets Unix modes, which Lambda needs: `bootstrap` must be executable.
import { zipSync } from "fflate";

const unixMode = (mode: number) => ({ os: 3, attrs: (0o100000 | mode) << 16 });

export function functionZip(indexMjs: string, bootstrap?: Uint8Array): Uint8Array {
  const files: Record<string, [Uint8Array, { os: number; attrs: number }]> = {
    "index.mjs": [new TextEncoder().encode(indexMjs), unixMode(0o644)],
  };
  if (bootstrap) files.bootstrap = [bootstrap, unixMode(0o755)];
  return zipSync(files, { level: 6 });
}
