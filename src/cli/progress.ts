// Progress for long runs: a bar on a terminal; in a log (not a TTY) a plain line at least every
// 2 seconds, so CI shows the run is alive. Short runs print nothing.
import { SingleBar } from "cli-progress";

/** Below this many files a run takes a blink: no bar on a terminal. */
const minFilesForBar = 40;
/** A plain line at least this often in logs; LLRT_MIGRATE_PROGRESS_MS changes it (tests, chatty CI). */
const defaultLineIntervalMs = 2000;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

function lineInterval(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.LLRT_MIGRATE_PROGRESS_MS);
  return env.LLRT_MIGRATE_PROGRESS_MS && Number.isFinite(ms) && ms >= 0 ? ms : defaultLineIntervalMs;
}

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean, env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const interval = lineInterval(env);
  let bar: SingleBar | undefined;
  let lastLine = now();
  return {
    update(done, total) {
      if (stream.isTTY) {
        if (total < minFilesForBar) return;
        bar ??= new SingleBar({ stream, format: "llrt-migrate [{bar}] {value}/{total} files", hideCursor: true, clearOnComplete: true });
        if (done === 1 || !bar.isActive) bar.start(total, 0);
        bar.update(done);
      } else if (now() - lastLine >= interval) {
        lastLine = now();
        stream.write(`llrt-migrate: ${done}/${total} files\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
