/**
 * The installed packages' own files, for the contract tests: each test reads or runs the code of the
 * version in node_modules, so that an upgrade that moves an internal this project relies on fails
 * the test suite (and CI) before it can change a built site.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder of the installed package `name`: the one above its entry point that names it. */
export function packageDir(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`${name} is not installed`);
}

/** The installed package's version. */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

/** A file of the installed package, as text (for what is only visible in its source). */
export function packageSource(name: string, file: string): string {
  return readFileSync(join(packageDir(name), file), 'utf8');
}

/** A module of the installed package, by its file, exported or not. */
export async function packageModule<M>(name: string, file: string): Promise<M> {
  return (await import(pathToFileURL(join(packageDir(name), file)).href)) as M;
}
