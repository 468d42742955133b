/** The content store read from its file in a build (src/integrations/content-store.ts). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_STORE_MODULE, contentStoreModule, contentStoreReadAtBuild } from '../../src/integrations/content-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'content-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function moduleFile(name: string, storeFile: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, contentStoreModule(storeFile).code);
  return file;
}

type Setup = Parameters<NonNullable<AstroIntegration['hooks']['astro:config:setup']>>[0];
/** The Vite plugins the integration adds for a config. */
function pluginsFor(config: Record<string, unknown>, command = 'build'): Array<{ name: string; load?: { order?: string; filter: { id: RegExp } } }> {
  const added: Array<{ vite?: { plugins?: unknown[] } }> = [];
  const setup = contentStoreReadAtBuild().hooks['astro:config:setup']!;
  void setup({
    command,
    config: { output: 'static', cacheDir: pathToFileURL(`${dir}/`), experimental: {}, ...config },
    updateConfig: (update: { vite?: { plugins?: unknown[] } }) => added.push(update),
  } as unknown as Setup);
  return added.flatMap((update) => (update.vite?.plugins ?? []) as Array<{ name: string; load?: { order?: string; filter: { id: RegExp } } }>);
}

describe('the content store in a build', () => {
  it('is the store file, read when the pages load', async () => {
    const store = join(dir, 'data-store.json');
    const data = [['Map', 1, 2], 'posts', '記事「テスト」\n"quoted"'];
    writeFileSync(store, JSON.stringify(data));
    const loaded = await import(pathToFileURL(moduleFile('ok', store)).href);
    expect(loaded.default).toEqual(data);
    // The module names the file; it does not carry the store.
    expect(contentStoreModule(store).code).not.toContain('記事');
  });

  it('is empty without a store file, as Astro has it', () => {
    expect(contentStoreModule(join(dir, 'none.json')).code).toBe('export default new Map();');
  });

  it('stops the build, naming the file, when the file cannot be read', () => {
    const store = join(dir, 'broken.json');
    writeFileSync(store, '{"cut off');
    const file = moduleFile('broken', store);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The content store ${store} could not be read`);
  });

  it('takes over Astro’s module in static builds only, before Astro’s own loader', () => {
    const [plugin] = pluginsFor({});
    expect(plugin?.load?.order).toBe('pre');
    expect(plugin?.load?.filter.id.test(CONTENT_STORE_MODULE)).toBe(true);
    expect(plugin?.load?.filter.id.test('astro:data-layer-content')).toBe(false);
    expect(pluginsFor({}, 'dev')).toEqual([]);
    expect(pluginsFor({ output: 'server' })).toEqual([]);
    expect(pluginsFor({ adapter: { name: 'x' } })).toEqual([]);
    expect(pluginsFor({ experimental: { collectionStorage: 'chunked' } })).toEqual([]);
  });
});
