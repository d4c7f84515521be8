// Facts about deploying LLRT that every infrastructure format uses.

/** Lambda accepts at most five layers per function. */
export const maxLayers = 5;

/** The LLRT release asset for an architecture and bundle variant (asset names say `x64`, not `x86_64`). */
export function llrtAsset(arch: string, variant: string): string {
  return `llrt-lambda-${arch === "x86_64" ? "x64" : "arm64"}${variant === "std" ? "" : `-${variant}`}.zip`;
}
