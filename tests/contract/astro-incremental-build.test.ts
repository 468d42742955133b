/**
 * Contract: Astro's incremental-build record and page cache, as src/build-speed/incremental-build-record.ts
 * reads them (for out-dir-emptied-aside.ts and page-cache-seal.ts). Astro's own cache class writes a
 * record and a cached page here; the reader must find both where it looks, know the record's version
 * and read the pages' files from it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pageCacheLocation, recordedOutputFiles, recordState } from '../../src/build-speed/incremental-build-record.ts';
import { packageModule, packageSource } from './installed.ts';

const dir = mkdtempSync(join(tmpdir(), 'contract-incremental-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Settings = { config: { cacheDir: URL; outDir: URL } };
interface Cache {
  record(route: string, dependencyHash: string, pathname: string, cacheKey: string, outputFile: string): void;
  writeOutputFile(settings: Settings, outputFile: string, body: string): Promise<void>;
  writeManifest(settings: Settings): void;
  canSkip(route: string, pathname: string, dependencyHash: string, cacheKey: string): boolean;
}
interface CacheClass {
  load(settings: Settings, configHash: string, lockfileHash: string, keyDigest: string): Cache;
}
const cacheClass = async () => (await packageModule<{ IncrementalBuildCache: CacheClass }>('astro', 'dist/core/build/incremental.js')).IncrementalBuildCache;

describe('Astro’s incremental-build record, as the project reads it', () => {
  it('is written where the reader looks, in a version it knows, listing each page’s file; the cached copies beside it', async () => {
    const IncrementalBuildCache = await cacheClass();
    const cacheDir = pathToFileURL(`${dir}/a/node_modules/.astro/`);
    const outDir = pathToFileURL(`${dir}/a/dist/`);
    const settings = { config: { cacheDir, outDir } };
    const cache = IncrementalBuildCache.load(settings, 'config', 'lock', 'key');
    // Astro records a page's file URL-encoded, relative to the output folder (below).
    const tagPage = 'tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/index.html';
    cache.record('src/pages/tags/[tag].astro', 'deps', '/tags/日本語/', 'key-1', tagPage);
    cache.record('src/pages/posts/[...slug].astro', 'deps', '/posts/a/', 'key-2', 'posts/a/index.html');
    await cache.writeOutputFile(settings, 'posts/a/index.html', '<p>a</p>');
    cache.writeManifest(settings);

    const location = pageCacheLocation(cacheDir);
    const state = recordState(location.record);
    expect(state.kind).toBe('known');
    if (state.kind !== 'known') return;
    expect(recordedOutputFiles(state.record, outDir).sort()).toEqual(['posts/a/index.html', 'tags/日本語/index.html']);
    expect(existsSync(join(location.copies, 'posts', 'a', 'index.html'))).toBe(true);

    const generate = packageSource('astro', 'dist/core/build/generate.js');
    expect(generate).toContain('const relativeOutFile = outFile.href.slice(config.outDir.href.length);');
  });

  it('is read by Astro only in its own version, as the reader reads only the versions it knows', async () => {
    const IncrementalBuildCache = await cacheClass();
    const cacheDir = pathToFileURL(`${dir}/b/node_modules/.astro/`);
    const settings = { config: { cacheDir, outDir: pathToFileURL(`${dir}/b/dist/`) } };
    const first = IncrementalBuildCache.load(settings, 'config', 'lock', 'key');
    first.record('src/pages/a.astro', 'deps', '/a/', 'key-a', 'a/index.html');
    first.writeManifest(settings);
    expect(IncrementalBuildCache.load(settings, 'config', 'lock', 'key').canSkip('src/pages/a.astro', '/a/', 'deps', 'key-a')).toBe(true);

    const { record } = pageCacheLocation(cacheDir);
    const written = JSON.parse(readFileSync(record, 'utf8')) as { version: number };
    writeFileSync(record, JSON.stringify({ ...written, version: written.version + 1 }));
    expect(IncrementalBuildCache.load(settings, 'config', 'lock', 'key').canSkip('src/pages/a.astro', '/a/', 'deps', 'key-a')).toBe(false);
    expect(recordState(record).kind).toBe('unknown');
  });

  it('lets a page already in dist/ stand instead of copying it from the cache (what out-dir-emptied-aside.ts relies on)', () => {
    const generate = packageSource('astro', 'dist/core/build/generate.js');
    expect(generate).toMatch(/const existsInDist = nodeFs\.existsSync\(outFile\);\s*const restored = !existsInDist && await cache\.restoreOutputFile\(/u);
  });
});
