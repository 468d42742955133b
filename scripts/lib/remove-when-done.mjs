// Removes a temporary folder once the process that made it has ended, however it ends. A process's
// own exit handlers do not run when it is killed with SIGKILL, which is how Playwright stops a web
// server that has no `gracefulShutdown` (the whole process group at once), nor when a signal arrives
// while it waits in a synchronous call. So a small watcher outside the process group does it: it holds
// one end of a pipe, and the other end closes when its maker ends, by any cause.
import { spawn } from 'node:child_process';

/**
 * The watcher: waits until its stdin closes, then removes the folder named in its arguments.
 * Plain JavaScript with no imports of the project's, so that it runs whatever the project's state.
 */
const WATCHER = `
const { rmSync } = require('node:fs');
const dir = process.argv[1];
const remove = () => {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  } finally {
    process.exit(0);
  }
};
process.stdin.on('end', remove);
process.stdin.on('close', remove);
process.stdin.on('error', remove);
process.stdin.resume();
`;

/**
 * Starts a watcher that removes `dir` (recursively) as soon as this process has ended: normally, by
 * an exception, a signal, or SIGKILL to this process or its whole group. It does not keep this
 * process alive. Removing the folder earlier yourself is fine: the watcher then finds nothing.
 * @param {string} dir
 */
export function removeWhenThisProcessEnds(dir) {
  const watcher = spawn(process.execPath, ['-e', WATCHER, dir], {
    // Its own process group: a kill of this process's group must not reach it.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watcher.unref();
  // The pipe must not keep this process's event loop alive, only exist until the process ends.
  /** @type {any} */ (watcher.stdin).unref();
}
