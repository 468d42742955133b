/**
 * The project's folder, for code that reads the project's files or keeps caches beside them at build
 * time. Bundled into the pages, this file's own place says nothing, so the build defines the folder
 * (src/project/project-root.ts); where it runs as it is (the share-image worker, the tests, the
 * config), it is two folders above this file.
 */
import { fileURLToPath } from 'node:url';

export function projectFolder(): string {
  return typeof __PROJECT_ROOT__ === 'string' ? __PROJECT_ROOT__ : fileURLToPath(new URL('../..', import.meta.url));
}
