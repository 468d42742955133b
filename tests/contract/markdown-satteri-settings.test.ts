/**
 * Contract: the Markdown settings as src/markdown/render-threads.ts hands them to its worker thread.
 * Astro gives the Markdown processor its settings (`image`, `syntaxHighlight`, `shikiConfig`, `gfm`,
 * `smartypants`); @astrojs/markdown-satteri reads them from that one object; src/markdown/processor.ts
 * sets shiki's theme and transformers again in the worker (functions cannot cross threads) and the
 * worker gets a copy of the rest. Checked on the installed Astro and @astrojs/markdown-satteri: where
 * each reads what, and that with Astro's own settings the worker is used and renders as the main
 * thread does.
 */
import { availableParallelism } from 'node:os';
import { satteri } from '@astrojs/markdown-satteri';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { japaneseMarkdown, localMarkdown } from '../../src/markdown/processor.ts';
import { usedWorkerRenders } from '../../src/markdown/render-threads.ts';
import { astroMarkdownSettings } from '../helpers/markdown-settings.ts';
import { packageModule, packageSource } from './installed.ts';

type Shared = Parameters<ReturnType<typeof satteri>['createRenderer']>[0];
type AstroConfig = { image: unknown; markdown: Record<string, unknown> };

/** Astro's settings for the Markdown processor, from its own defaults and this site's image settings. */
async function astroSettings(): Promise<Shared> {
  const { validateConfig } = await packageModule<{ validateConfig: (config: unknown, root: string, command: string) => Promise<AstroConfig> }>(
    'astro',
    'dist/core/config/validate.js',
  );
  const { image, markdown } = await validateConfig({ image: { layout: 'constrained', responsiveStyles: true } }, process.cwd(), 'build');
  return { image, syntaxHighlight: markdown.syntaxHighlight, shikiConfig: markdown.shikiConfig, gfm: markdown.gfm, smartypants: markdown.smartypants } as Shared;
}

afterEach(() => vi.restoreAllMocks());

describe('Astro’s Markdown settings, as the Markdown worker gets them', () => {
  it('are the settings Astro hands the processor, for posts and for the content layer', () => {
    const settings = /createRenderer\(\{\s*image,\s*syntaxHighlight: markdown\.syntaxHighlight,\s*shikiConfig: markdown\.shikiConfig,\s*gfm: markdown\.gfm,\s*smartypants: markdown\.smartypants\s*\}\)/u;
    expect(packageSource('astro', 'dist/vite-plugin-markdown/content-entry-type.js')).toMatch(settings);
    expect(packageSource('astro', 'dist/content/content-layer.js')).toMatch(settings);
  });

  it('are read by @astrojs/markdown-satteri from the one object it is given, beside its own options', () => {
    expect(packageSource('@astrojs/markdown-satteri', 'dist/processor.js')).toMatch(/createRenderer\(shared\) \{\s*return createSatteriMarkdownProcessor\(\{\s*\.\.\.shared,/u);
  });

  it('carry shiki’s theme and transformers in shikiConfig (what processor.ts sets again in the worker)', async () => {
    const marked = { pre(this: { addClassToHast: (node: unknown, name: string) => void }, node: unknown) { this.addClassToHast(node, 'from-transformer'); } };
    const renderer = await satteri().createRenderer({ syntaxHighlight: { type: 'shiki' }, shikiConfig: { theme: 'github-light', transformers: [marked] } } as unknown as Shared);
    const { code } = await renderer.render('```js\nconst a = 1;\n```\n');
    expect(code).toContain('github-light');
    expect(code).toContain('from-transformer');
  });

  it('carry the settings the worker gets as a copy: typographic quotes, GFM and the image domains', async () => {
    const render = async (shared: Record<string, unknown>, text: string) => (await satteri().createRenderer(shared as Shared)).render(text);
    expect((await render({ smartypants: false }, '"a"')).code).toContain('"a"');
    expect((await render({}, '"a"')).code).toContain('“a”');
    expect((await render({ gfm: false }, '| a |\n| - |\n| 1 |\n')).code).not.toContain('<table>');
    const image = '![x](https://example.com/a.png)';
    expect((await render({ image: { domains: ['example.com'] } }, image)).metadata.remoteImagePaths).toEqual(['https://example.com/a.png']);
    expect((await render({ image: { domains: [] } }, image)).metadata.remoteImagePaths).toEqual([]);
  });

  it('are Astro’s own defaults in the stand-in that tests render posts with (tests/helpers/markdown-settings.ts)', async () => {
    const { image: _image, ...markdown } = await astroSettings();
    expect(astroMarkdownSettings).toEqual(markdown);
  });

  it('reach the worker, which renders posts as the main thread does, with Astro’s own settings', async () => {
    const shared = await astroSettings();
    const warn = vi.spyOn(console, 'warn');
    const before = usedWorkerRenders();
    const renderer = await japaneseMarkdown({ base: '/contract/' }).createRenderer(shared);
    const here = await localMarkdown({ base: '/contract/' }).createRenderer(shared);
    const bodies = Array.from({ length: 24 }, (_, i) => `## 見出し${i}\n\n"引用" -- 本文${i}。\n\n\`\`\`ts\nconst n = ${i};\n\`\`\`\n`);
    const rendered = await Promise.all(bodies.map((body) => renderer.render(body)));
    expect(rendered).toEqual(await Promise.all(bodies.map((body) => here.render(body))));
    expect(warn.mock.calls.flat().join('\n')).not.toContain('[markdown]');
    if (availableParallelism() >= 2) expect(usedWorkerRenders() - before).toBeGreaterThan(0);
  }, 60_000);
});
