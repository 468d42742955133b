/** The project's code, for tests that read it as text (its layers, the URLs it makes). */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { projectRoot } from './site.ts';

const SRC = join(projectRoot, 'src');
const CODE_FILE = /\.(?:astro|[cm]?[jt]sx?)$/u;

/** Every code file under src/ (posts and data in src/content/ aside), relative to src/, with `/`. */
export function srcCodeFiles(): string[] {
  return codeFilesIn(SRC, SRC, [join(SRC, 'content')]);
}

/** Every code file under the project's folder `folder` (`scripts/import`), relative to the project, with `/`. */
export function projectCodeFiles(folder: string): string[] {
  return codeFilesIn(join(projectRoot, folder), projectRoot, []);
}

function codeFilesIn(dir: string, from: string, skipped: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skipped.includes(path) ? [] : codeFilesIn(path, from, skipped);
    return CODE_FILE.test(entry.name) ? [relative(from, path).split(sep).join('/')] : [];
  });
}
