/**
 * Contract: what src/build-speed/content-store.ts takes from the installed Astro. It replaces
 * Astro's module of the content store with one that reads Astro's store file, so it relies on the
 * module's id, the file's place, the file's form (with the Astro version it records) and the mark
 * Astro's incremental build reads on the module. Each is checked against Astro's own code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_STORE_MODULE, contentStoreFile, contentStoreModule } from '../../src/build-speed/content-store.ts';
import { installedVersion, packageModule, packageSource } from './installed.ts';

const dir = mkdtempSync(join(tmpdir(), 'contract-content-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Settings = { config: { root: URL; cacheDir: URL; experimental: Record<string, unknown> }; dotAstroDir: URL };
interface MutableStore {
  metaStore(): { set(key: string, value: string): void };
  set(collection: string, key: string, value: unknown): void;
  waitUntilSaveComplete(): Promise<void>;
}

describe('Astro’s content store, as content-store.ts uses it', () => {
  it('is the module content-store.ts takes over', async () => {
    const consts = await packageModule<{ RESOLVED_DATA_STORE_VIRTUAL_ID: string }>('astro', 'dist/content/consts.js');
    expect(consts.RESOLVED_DATA_STORE_VIRTUAL_ID).toBe(CONTENT_STORE_MODULE);
  });

  it('is kept in the file content-store.ts reads, in a build and in the dev server', async () => {
    const { getDataStoreFile } = await packageModule<{ getDataStoreFile: (settings: Settings, isDev: boolean) => URL }>('astro', 'dist/content/paths.js');
    const root = pathToFileURL(`${dir}/site/`);
    const config = { root, cacheDir: new URL('node_modules/.astro/', root), experimental: {} };
    // Astro's settings: the dev server's folder is .astro/ in the project.
    const settings = { config, dotAstroDir: new URL('.astro/', root) };
    expect(getDataStoreFile(settings, false).pathname).toBe(pathToFileURL(contentStoreFile(config, 'build')).pathname);
    expect(getDataStoreFile(settings, true).pathname).toBe(pathToFileURL(contentStoreFile(config, 'dev')).pathname);
  });

  it('is a file Astro writes in the form the module reads, recording the Astro version that wrote it', async () => {
    const { MutableDataStore } = await packageModule<{ MutableDataStore: { fromFile(file: URL): Promise<MutableStore> } }>('astro', 'dist/content/mutable-data-store.js');
    const file = join(dir, 'data-store.json');
    const store = await MutableDataStore.fromFile(pathToFileURL(file));
    // What Astro's content layer records in every sync (below), and a post.
    store.metaStore().set('astro-version', installedVersion('astro'));
    store.set('posts', 'a', { id: 'a', data: { title: '記事' } });
    await store.waitUntilSaveComplete();

    const module = join(dir, 'store-module.mjs');
    writeFileSync(module, contentStoreModule(file)!.code); // checks the version, or ends the process
    const loaded = (await import(pathToFileURL(module).href)) as { default: unknown };
    // Astro's own module exports the same: the parsed file, which Astro's store reads with devalue.
    expect(loaded.default).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    expect(packageSource('astro', 'dist/content/vite-plugin-content-virtual-mod.js')).toContain('code: `export default JSON.parse(${JSON.stringify(jsonData)})`');
    expect(packageSource('astro', 'dist/content/data-store.js')).toMatch(/if \(Array\.isArray\(data\.default\)\) \{\s*const map2 = devalue\.unflatten\(data\.default\);/u);
  });

  it('records the running Astro’s version in every sync, in the meta collection the module reads', () => {
    const layer = packageSource('astro', 'dist/content/content-layer.js');
    expect(layer).toContain(`this.#store.metaStore().set("astro-version", "${installedVersion('astro')}")`);
    const store = packageSource('astro', 'dist/content/mutable-data-store.js');
    expect(store).toMatch(/metaStore\(collectionName = ":meta"\) \{\s*const collectionKey = `meta:\$\{collectionName\}`;/u);
  });

  it('marks the module for Astro’s incremental build as content-store.ts does', async () => {
    const { createContentDataIncrementalMetadata } = await packageModule<{ createContentDataIncrementalMetadata: () => unknown }>(
      'astro',
      'dist/core/build/incremental-metadata.js',
    );
    // A store file of its own: the mark does not depend on what the store holds.
    const store = join(dir, 'marked-store.json');
    writeFileSync(store, '{}');
    expect(contentStoreModule(store)!.meta).toEqual(createContentDataIncrementalMetadata());
  });
});
