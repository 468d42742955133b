/**
 * Contract: what src/posts/posts-loader.ts takes from Astro's loader context beyond its documented
 * members. It wraps the context's `entryTypes` (undocumented) to read each post's frontmatter as
 * written, and the context's store in a Proxy to see each post the glob loader stores. Both work only
 * while Astro gives loaders `entryTypes`, the glob loader reads frontmatter through the entry types
 * of the context it is given and stores through that context's store, and Astro's Markdown entry
 * type returns the frontmatter's text beside the parsed data. Each is checked on the installed Astro.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob, type LoaderContext } from 'astro/loaders';
import { afterAll, describe, expect, it } from 'vitest';
import { packageModule, packageSource } from './installed.ts';

const dir = mkdtempSync(join(tmpdir(), 'contract-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type EntryInfo = { data: Record<string, unknown>; body?: string; rawData?: string };
type EntryType = { extensions?: string[]; getEntryInfo: (args: { contents: string; fileUrl: URL }) => Promise<EntryInfo>; getRenderFunction?: unknown };
interface MutableStore {
  scopedStore(collection: string): LoaderContext['store'];
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('Astro’s loader context, as the posts loader uses it', () => {
  it('gives every loader the entry types by extension', () => {
    const layer = packageSource('astro', 'dist/content/content-layer.js');
    expect(layer).toMatch(/entryTypes: getEntryConfigByExtMap\(\[\s*\.\.\.this\.#settings\.contentEntryTypes,/u);
  });

  it('has the glob loader read posts through the entry types it is given, and store them through the store it is given (a Proxy too)', async () => {
    const posts = join(dir, 'site', 'src', 'content', 'posts');
    mkdirSync(join(posts, '2024'), { recursive: true });
    writeFileSync(join(posts, 'a.md'), '---\ntitle: A\n---\n本文A\n');
    writeFileSync(join(posts, '2024', 'b.md'), '---\ntitle: B\n---\n本文B\n');

    const read: string[] = [];
    const markdown: EntryType = {
      getEntryInfo: async ({ contents, fileUrl }) => {
        read.push(fileUrl.pathname.split('/posts/')[1]!);
        const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/u.exec(contents) ?? [];
        return { data: { title: frontmatter.replace('title: ', '') }, body, rawData: frontmatter };
      },
      getRenderFunction: async () => async ({ body }: { body: string }) => ({ html: `<p>${body.trim()}</p>`, metadata: {} }),
    };

    // Astro's own store, wrapped as posts-loader.ts wraps it.
    const { MutableDataStore } = await packageModule<{ MutableDataStore: new () => MutableStore }>('astro', 'dist/content/mutable-data-store.js');
    const real = new MutableDataStore().scopedStore('posts');
    const stored: Array<{ id: string; rendered?: { html: string } }> = [];
    const store = new Proxy(real, {
      get(target, prop) {
        if (prop === 'set') return (entry: { id: string; rendered?: { html: string } }) => (stored.push(entry), target.set(entry as Parameters<typeof target.set>[0]));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    const context = {
      collection: 'posts',
      config: { root: pathToFileURL(`${join(dir, 'site')}/`), srcDir: pathToFileURL(`${join(dir, 'site', 'src')}/`), prerenderConflictBehavior: 'ignore' },
      logger: silent,
      parseData: async ({ data }: { data: unknown }) => data,
      store,
      generateDigest: (data: string) => createHash('sha256').update(data).digest('hex'),
      entryTypes: new Map([['.md', markdown]]),
    };
    await glob({ pattern: '**/*.md', base: './src/content/posts', retainBody: false }).load(context as unknown as LoaderContext);

    expect(read.sort()).toEqual(['2024/b.md', 'a.md']);
    expect(stored.map((entry) => entry.id).sort()).toEqual(['2024/b', 'a']);
    expect(stored.find((entry) => entry.id === 'a')?.rendered?.html).toBe('<p>本文A</p>');
    expect([...real.keys()].sort()).toEqual(['2024/b', 'a']);
  });

  it('has Astro’s Markdown entry type return the frontmatter as written beside the parsed data', async () => {
    const { markdownContentEntryType } = await packageModule<{ markdownContentEntryType: EntryType }>('astro', 'dist/vite-plugin-markdown/content-entry-type.js');
    const file = join(dir, 'dates.md');
    const contents = '---\ntitle: 日付\ndate: 2022-13-45\n---\n本文\n';
    writeFileSync(file, contents);
    const info = await markdownContentEntryType.getEntryInfo({ contents, fileUrl: pathToFileURL(file) });
    expect(info.rawData).toContain('date: 2022-13-45'); // what the loader validates
    expect(info.data.date).toBeInstanceOf(Date); // what it would get instead: an impossible date made real
    expect(info.data.title).toBe('日付');
  });
});
