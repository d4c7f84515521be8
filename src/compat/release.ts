// The LLRT release our knowledge describes. Every compatibility verdict is relative to it.
export const llrtRelease = {
  version: "v0.8.1-beta",
  date: "2026-02-19",
} as const;
