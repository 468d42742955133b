/** The content store read from its file, in a build and in `astro dev` (src/build-speed/content-store.ts). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_STORE_MODULE, contentStoreModule, contentStoreReadFromFile } from '../../src/build-speed/content-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'content-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ASTRO = (createRequire(import.meta.url)('astro/package.json') as { version: string }).version;

/**
 * A store file as Astro writes it (devalue's flat form of a Map of Maps): Astro's meta collection,
 * which records the Astro version that wrote it, and one post. tests/contract/astro-content-store.test.ts
 * checks this form against the installed Astro's own writer.
 */
function storeData(astroVersion: string | undefined, post = '記事「テスト」\n"quoted"'): unknown[] {
  const meta = astroVersion === undefined ? ['Map'] : ['Map', 3, 4];
  return [['Map', 1, 2, 5, 6], 'meta::meta', meta, 'astro-version', astroVersion ?? '', 'posts', ['Map', 7, 8], 'a', post];
}

function moduleFile(name: string, storeFile: string, onError?: 'stop' | 'report'): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, contentStoreModule(storeFile, onError)!.code);
  return file;
}

/** Runs a module in its own Node process (the module may end it, as it ends a build). */
function runModule(file: string, asDev = false) {
  const args = asDev
    ? ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)}).catch((e) => console.log('import failed:', e.name)); console.log('still running')`]
    : [file];
  return spawnSync(process.execPath, args, { encoding: 'utf8' });
}

type Setup = Parameters<NonNullable<AstroIntegration['hooks']['astro:config:setup']>>[0];
/** The Vite plugins the integration adds for a config. */
type Plugin = { name: string; apply?: string; load?: { order?: string; filter: { id: RegExp }; handler: () => { code: string } | undefined } };
function pluginsFor(config: Record<string, unknown>, command = 'build', warnings: string[] = []): Plugin[] {
  const added: Array<{ vite?: { plugins?: unknown[] } }> = [];
  const setup = contentStoreReadFromFile().hooks['astro:config:setup']!;
  void setup({
    command,
    config: { output: 'static', root: pathToFileURL(`${dir}/site/`), cacheDir: pathToFileURL(`${dir}/cache/`), experimental: {}, ...config },
    updateConfig: (update: { vite?: { plugins?: unknown[] } }) => added.push(update),
    logger: { warn: (message: string) => warnings.push(message) },
  } as unknown as Setup);
  return added.flatMap((update) => (update.vite?.plugins ?? []) as Plugin[]);
}

describe('the content store in a build', () => {
  it('is the store file, read when the pages load', async () => {
    const store = join(dir, 'data-store.json');
    const data = storeData(ASTRO);
    writeFileSync(store, JSON.stringify(data));
    const loaded = await import(pathToFileURL(moduleFile('ok', store)).href);
    expect(loaded.default).toEqual(data);
    // The module names the file; it does not carry the store.
    expect(contentStoreModule(store)!.code).not.toContain('記事');
  });

  it('is left to Astro’s own module when there is no store file where Astro 7.3 keeps it', () => {
    expect(contentStoreModule(join(dir, 'none.json'))).toBeUndefined();
  });

  it('stops the build, naming the file, when the file cannot be read', () => {
    const store = join(dir, 'broken.json');
    writeFileSync(store, '{"cut off');
    const run = runModule(moduleFile('broken', store));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The content store ${store} could not be read`);
  });

  it('stops the build, naming both versions, when another Astro wrote the file (a store Astro no longer keeps there)', () => {
    const store = join(dir, 'older.json');
    writeFileSync(store, JSON.stringify(storeData('6.0.0')));
    const run = runModule(moduleFile('older', store));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The content store ${store} is not this build's`);
    expect(run.stderr).toContain(`the store records Astro 6.0.0, this build runs Astro ${ASTRO}`);
    expect(run.stderr).toContain('src/build-speed/content-store.ts');

    const unversioned = join(dir, 'unversioned.json');
    writeFileSync(unversioned, JSON.stringify(storeData(undefined)));
    const second = runModule(moduleFile('unversioned', unversioned));
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('the store records Astro no version');
  });

  it('in astro dev, names the file and fails the import when it cannot be read, and the server lives on', () => {
    const store = join(dir, 'broken-in-dev.json');
    writeFileSync(store, '{"cut off');
    const run = runModule(moduleFile('broken-in-dev', store, 'report'), true);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`The content store ${store} could not be read`);
    expect(run.stdout).toContain('import failed: SyntaxError');
    expect(run.stdout).toContain('still running');

    const older = join(dir, 'older-in-dev.json');
    writeFileSync(older, JSON.stringify(storeData('6.0.0')));
    const second = runModule(moduleFile('older-in-dev', older, 'report'), true);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('import failed: Error');
    expect(second.stdout).toContain('still running');
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
    expect(build?.load?.handler()?.code).toContain(JSON.stringify(join(dir, 'cache', 'data-store.json')));
    const [dev] = pluginsFor({}, 'dev');
    expect(dev?.apply).toBe('serve');
    expect(dev?.load?.order).toBe('pre');
    expect(dev?.load?.handler()?.code).toContain(JSON.stringify(join(dir, 'site', '.astro', 'data-store.json')));
    expect(pluginsFor({}, 'sync')).toEqual([]);
    expect(pluginsFor({ output: 'server' })).toEqual([]);
    expect(pluginsFor({ adapter: { name: 'x' } })).toEqual([]);
    expect(pluginsFor({ experimental: { collectionStorage: 'chunked' } })).toEqual([]);
  });

  it('hands the module back to Astro, with one warning naming the file, when the store file is not where it looks (Astro moved it)', () => {
    const warnings: string[] = [];
    const [build] = pluginsFor({ cacheDir: pathToFileURL(`${dir}/moved-cache/`) }, 'build', warnings);
    expect(build?.load?.handler()).toBeUndefined(); // Vite then asks Astro's own loader
    expect(build?.load?.handler()).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`Astro's content store is not at ${join(dir, 'moved-cache', 'data-store.json')}`);
    expect(warnings[0]).toContain("Astro's own module is used instead");
    // The dev server before its first save has no file yet: no warning.
    const devWarnings: string[] = [];
    const [dev] = pluginsFor({ root: pathToFileURL(`${dir}/new-site/`) }, 'dev', devWarnings);
    expect(dev?.load?.handler()).toBeUndefined();
    expect(devWarnings).toEqual([]);
  });
});
