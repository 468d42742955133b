/**
 * Astro's page cache sealed by a finished build (src/build-speed/page-cache-seal.ts), driven through
 * its hooks as Astro calls them; here, what happens when Astro's record is not where or what the
 * project expects (an upgrade that moved it): the next builds render every page, and say why. The
 * records are written by hand, in the shape tests/contract/astro-incremental-build.test.ts checks
 * against the installed Astro's own writer.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pageCacheSealed } from '../../src/build-speed/page-cache-seal.ts';

type Hook = (options: unknown) => unknown;
const root = mkdtempSync(join(tmpdir(), 'page-cache-seal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let made = 0;
/** A project with Astro's cache folder; each build runs the integration's hooks and writes what Astro writes. */
function project() {
  const dir = join(root, `project-${made++}`);
  const cacheDir = join(dir, 'node_modules', '.astro');
  mkdirSync(cacheDir, { recursive: true });
  const record = join(cacheDir, 'incremental-build.json');
  const copy = join(cacheDir, 'dist', 'posts', 'a', 'index.html');
  /** One build; `astroWrites` is what Astro leaves in its cache folder while it renders. */
  const build = (astroWrites: () => void) => {
    const { hooks } = pageCacheSealed();
    const logs: string[] = [];
    const logger = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) };
    const config = { root: pathToFileURL(`${dir}/`), cacheDir: pathToFileURL(`${cacheDir}/`), experimental: { incrementalBuild: true } };
    const updates: unknown[] = [];
    (hooks['astro:config:setup'] as Hook)({ command: 'build', config, logger, updateConfig: (update: unknown) => updates.push(update) });
    const incremental = !updates.some((u) => (u as { experimental?: { incrementalBuild?: boolean } }).experimental?.incrementalBuild === false);
    (hooks['astro:config:done'] as Hook)({ config: { ...config, experimental: { incrementalBuild: incremental } } });
    (hooks['astro:build:start'] as Hook)({ logger });
    if (incremental) astroWrites();
    (hooks['astro:build:done'] as Hook)({ logger });
    return { logs, incremental };
  };
  const writesRecord = (version: unknown) => () => {
    writeFileSync(record, JSON.stringify({ version, routes: { 'src/pages/posts/[...slug].astro': { paths: { '/posts/a/': { outputFile: 'posts/a/index.html' } } } } }));
    mkdirSync(join(copy, '..'), { recursive: true });
    writeFileSync(copy, '<p>a</p>');
  };
  return { dir, cacheDir, record, copy, build, writesRecord };
}

describe('the page cache seal', () => {
  it('seals the cache of a build whose record is where and what the project expects, and the next build uses it', () => {
    const p = project();
    expect(p.build(p.writesRecord(1)).logs).toEqual([]);
    const next = p.build(() => undefined);
    expect(next.incremental).toBe(true);
    expect(next.logs).toEqual([]);
    expect(existsSync(p.copy)).toBe(true);
  });

  it('turns the incremental build off for the next builds, naming the problem, when Astro wrote no record where the project looks', () => {
    const p = project();
    // Astro keeps its record somewhere else: nothing appears where the project looks.
    const moved = p.build(() => writeFileSync(join(p.cacheDir, 'moved-record.json'), '{}'));
    expect(moved.logs.join('\n')).toContain(`the page cache cannot be sealed: Astro did not write its record where this project expects it (${p.record})`);
    const next = p.build(() => undefined);
    expect(next.incremental).toBe(false);
    expect(next.logs.join('\n')).toContain("every page is rendered (Astro's incremental build is off for this build)");
    // And the one after, while Astro and the reader are the same.
    expect(p.build(() => undefined).incremental).toBe(false);
  });

  it('turns the incremental build off, and leaves no cache behind, when the record is of a version the project does not know', () => {
    const p = project();
    const changed = p.build(p.writesRecord(2));
    expect(changed.logs.join('\n')).toContain(`Astro's record ${p.record} is not one this project knows (its version is 2, this project reads 1)`);
    const next = p.build(() => undefined);
    expect(next.incremental).toBe(false);
    expect(existsSync(p.record)).toBe(false);
    expect(existsSync(p.copy)).toBe(false);
  });

  it('tries the incremental build again once the seal was written for another Astro or reader', () => {
    const p = project();
    p.build(p.writesRecord(2));
    const seal = join(p.cacheDir, 'page-cache-seal.json');
    const written = JSON.parse(readFileSync(seal, 'utf8')) as { unknownLayout: { key: string } };
    writeFileSync(seal, JSON.stringify({ ...written, unknownLayout: { ...written.unknownLayout, key: '{"astro":"0.0.0"}' } }));
    expect(p.build(p.writesRecord(1)).incremental).toBe(true);
  });
});
