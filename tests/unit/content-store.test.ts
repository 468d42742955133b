/** The content store read from its file, in a build and in `astro dev` (src/integrations/content-store.ts). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_STORE_MODULE, contentStoreModule, contentStoreReadFromFile } from '../../src/integrations/content-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'content-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function moduleFile(name: string, storeFile: string, onError?: 'stop' | 'report'): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, contentStoreModule(storeFile, onError).code);
  return file;
}

type Setup = Parameters<NonNullable<AstroIntegration['hooks']['astro:config:setup']>>[0];
/** The Vite plugins the integration adds for a config. */
type Plugin = { name: string; apply?: string; load?: { order?: string; filter: { id: RegExp }; handler: () => { code: string } } };
function pluginsFor(config: Record<string, unknown>, command = 'build'): Plugin[] {
  const added: Array<{ vite?: { plugins?: unknown[] } }> = [];
  const setup = contentStoreReadFromFile().hooks['astro:config:setup']!;
  void setup({
    command,
    config: { output: 'static', root: pathToFileURL(`${dir}/site/`), cacheDir: pathToFileURL(`${dir}/cache/`), experimental: {}, ...config },
    updateConfig: (update: { vite?: { plugins?: unknown[] } }) => added.push(update),
  } as unknown as Setup);
  return added.flatMap((update) => (update.vite?.plugins ?? []) as Plugin[]);
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

  it('in astro dev, names the file and fails the import when it cannot be read, and the server lives on', async () => {
    const store = join(dir, 'broken-in-dev.json');
    writeFileSync(store, '{"cut off');
    const file = moduleFile('broken-in-dev', store, 'report');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)}).catch((e) => console.log('import failed:', e.name)); console.log('still running')`], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`The content store ${store} could not be read`);
    expect(run.stdout).toContain('import failed: SyntaxError');
    expect(run.stdout).toContain('still running');
  });

  it('takes over Astro’s module in static builds and the dev server, before Astro’s own loader, from each one’s file', () => {
    const [build] = pluginsFor({});
    expect(build?.apply).toBe('build');
    expect(build?.load?.order).toBe('pre');
    expect(build?.load?.filter.id.test(CONTENT_STORE_MODULE)).toBe(true);
    expect(build?.load?.filter.id.test('astro:data-layer-content')).toBe(false);
    // Astro keeps the build's store in its cache folder, the dev server's in .astro/.
    mkdirSync(join(dir, 'cache'), { recursive: true });
    mkdirSync(join(dir, 'site', '.astro'), { recursive: true });
    writeFileSync(join(dir, 'cache', 'data-store.json'), '[]');
    writeFileSync(join(dir, 'site', '.astro', 'data-store.json'), '[]');
    expect(build?.load?.handler().code).toContain(JSON.stringify(join(dir, 'cache', 'data-store.json')));
    const [dev] = pluginsFor({}, 'dev');
    expect(dev?.apply).toBe('serve');
    expect(dev?.load?.order).toBe('pre');
    expect(dev?.load?.handler().code).toContain(JSON.stringify(join(dir, 'site', '.astro', 'data-store.json')));
    expect(pluginsFor({}, 'sync')).toEqual([]);
    expect(pluginsFor({ output: 'server' })).toEqual([]);
    expect(pluginsFor({ adapter: { name: 'x' } })).toEqual([]);
    expect(pluginsFor({ experimental: { collectionStorage: 'chunked' } })).toEqual([]);
  });
});
