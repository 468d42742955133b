/** The project's code under src/, for tests that read it as text (its layers, the URLs it makes). */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { projectRoot } from './site.ts';

const SRC = join(projectRoot, 'src');
const CODE_FILE = /\.(?:astro|[cm]?[jt]sx?)$/u;

/** Every code file under src/ (posts and data in src/content/ aside), relative to src/, with `/`. */
export function srcCodeFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(SRC, 'content') ? [] : srcCodeFiles(path);
    return CODE_FILE.test(entry.name) ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}
