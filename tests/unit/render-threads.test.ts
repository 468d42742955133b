/**
 * Posts rendered in a worker thread (src/markdown/render-threads.ts) come out exactly as the main
 * thread renders them, whatever they hold: Japanese line joins, code blocks, footnotes, headings,
 * images beside the post, raw HTML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { japaneseMarkdown, localMarkdown } from '../../src/markdown/processor.ts';
import { renderInWorker, runningWorkers, settingsProblem, usedWorkerRenders, workerRenders } from '../../src/markdown/render-threads.ts';
import { astroMarkdownSettings } from '../helpers/markdown-settings.ts';

const shared = astroMarkdownSettings;

const fixtures = ['reader', 'japanese', 'basic'].flatMap((folder) => {
  const dir = join(import.meta.dirname, '..', 'fixtures', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { body: text.replace(/^---\n[\s\S]*?\n---\n/u, ''), fileURL: pathToFileURL(join(dir, name)), frontmatter: { title: name, date: new Date('2024-01-02') } };
    });
});
const code = '```ts title="a.ts" {2}\nconst a = 1;\nconst b = a + 1;\n```\n\n日本語の\n文章と脚注[^1]。\n\n[^1]: 脚注。\n\n## 見出し\n\nHe said "hello" -- it is done...\n\n<script>alert(1)</script>\n';
// Enough posts at once that the worker starts and takes part (a burst, as in content sync).
const posts = Array.from({ length: 4 }, (_, i) => fixtures.map((post) => ({ ...post, body: `${post.body}\n\n${code}\n\n段落${i}。` }))).flat();

describe('posts rendered in a worker thread', () => {
  it('come out as the main thread renders them', async () => {
    expect(posts.length).toBeGreaterThanOrEqual(40);
    const here = await localMarkdown().createRenderer(shared);
    const expected = await Promise.all(posts.map((p) => here.render(p.body, { frontmatter: p.frontmatter, fileURL: p.fileURL })));
    expect(expected.some((r) => r.metadata.localImagePaths.length > 0)).toBe(true); // images beside a post are in the test

    const before = usedWorkerRenders();
    const renderer = await japaneseMarkdown().createRenderer(shared);
    const rendered = await Promise.all(posts.map((p) => renderer.render(p.body, { frontmatter: p.frontmatter, fileURL: p.fileURL })));
    // On one core there is no worker: everything renders on the main thread.
    if (availableParallelism() >= 2) expect(usedWorkerRenders() - before).toBeGreaterThan(0);
    else expect(usedWorkerRenders()).toBe(before);
    expect(rendered).toEqual(expected);
  }, 60_000);

  it('are not started for one post (a save in astro dev), which the main thread renders at once', async () => {
    const before = workerRenders();
    const renderer = await japaneseMarkdown({ base: '/one/' }).createRenderer(shared);
    const { code: html } = await renderer.render('一つの記事。');
    expect(html).toContain('一つの記事。');
    expect(workerRenders()).toBe(before);
  });

  it('are rendered on the main thread when their frontmatter cannot be handed to a thread', async () => {
    const renderer = await japaneseMarkdown({ base: '/odd/' }).createRenderer(shared);
    const odd = { title: 'x', toString: () => 'a function' };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => renderer.render(`記事${i}`, { frontmatter: odd })));
    expect(results.map((r) => r.code.trim())).toEqual(Array.from({ length: 20 }, (_, i) => `<p>記事${i}</p>`));
  });

  it('are rendered on the main thread when the worker cannot render them', async () => {
    // A worker whose renderer cannot be made (shiki has no such language) answers every post with an
    // error: the main thread's renderer (here a stand-in) renders them instead.
    const local = { render: async (content: string) => ({ code: `main thread: ${content}`, metadata: {} }) };
    const setup = { options: { base: '/broken/' }, shared: { ...(shared as object), shikiConfig: { langs: ['no-such-language'] } } };
    const renderer = renderInWorker(local, setup);
    const before = workerRenders();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => renderer.render(`記事${i}`)));
    expect(results.map((r) => r.code)).toEqual(Array.from({ length: 20 }, (_, i) => `main thread: 記事${i}`));
    if (availableParallelism() >= 2) expect(workerRenders() - before).toBeGreaterThan(0); // the worker was asked, and failed
  }, 30_000);

  it('are rendered on the main thread, with a warning, when the worker would be given settings other than the main thread’s', async () => {
    // As if a new @astrojs/markdown-satteri read a setting the worker does not get: here the worker
    // gets no typographic quotes, the main thread does.
    const here = await localMarkdown({ base: '/differs/' }).createRenderer(shared);
    const setup = { options: { base: '/differs/' }, shared: { ...(shared as object), smartypants: false } };
    const renderer = renderInWorker(here, setup);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const before = usedWorkerRenders();
      const bodies = Array.from({ length: 20 }, (_, i) => `"引用" -- ${i}`);
      const results = await Promise.all(bodies.map((body) => renderer.render(body)));
      const expected = await Promise.all(bodies.map((body) => here.render(body)));
      expect(results).toEqual(expected);
      expect(results[0]!.code).toContain('“引用”');
      expect(usedWorkerRenders()).toBe(before);
      if (availableParallelism() >= 2) expect(warnings.join('\n')).toContain('renders a sample post differently from the main thread');
    } finally {
      console.warn = warn;
    }
  }, 30_000);

  it('are rendered on the main thread when the settings would not reach a thread as they are', () => {
    class ImageService {
      entrypoint = 'astro/assets/services/sharp';
    }
    const local = { render: async () => ({ code: 'main thread', metadata: {} }) };
    expect(settingsProblem({ options: { base: '/' }, shared: shared as Record<string, unknown> })).toBeUndefined();
    expect(settingsProblem({ options: { base: '/' }, shared: { image: { service: new ImageService() } } })).toContain('would reach a worker thread changed');
    expect(settingsProblem({ options: { base: '/' }, shared: { onHeading: () => undefined } })).toContain('cannot receive');
    expect(renderInWorker(local, { options: { base: '/class/' }, shared: { image: { service: new ImageService() } } })).toBe(local);
  });

  it('leave no worker running once idle, so the process can end', async () => {
    for (let waited = 0; runningWorkers() > 0 && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(runningWorkers()).toBe(0);
  }, 15_000);
});
