/**
 * Link cards, embeds and GitHub code from a paragraph that is only a URL (src/markdown/link-blocks.ts),
 * the URLs the card fetcher fetches for them (src/markdown/find-card-urls.ts), the committed store they
 * are read from (src/markdown/link-card-store.ts), and the Markdown fingerprint that re-renders posts when the
 * store changes.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { HtmlValidate } from 'html-validate';
import { parseHTML } from 'linkedom';
import { markdownToHtml } from 'satteri';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import config from '../../.htmlvalidate.mjs';
import { findCardUrls, githubPermalink, linkBlockOf } from '../../src/markdown/find-card-urls.ts';
import { emptyStore, loadStore, parseStore, readStore, serializeStore, storeFileFor, writeFileAtomic, type CardEntry } from '../../src/markdown/link-card-store.ts';
import { codeTransformers } from '../../src/markdown/code-blocks.ts';
import { markdownFingerprint } from '../../src/markdown/fingerprint.ts';
import { cardNode } from '../../src/markdown/link-card.ts';
import { linkBlocks } from '../../src/markdown/link-blocks.ts';
import { permalinkCaptions } from '../../src/markdown/permalink-code.ts';

const root = mkdtempSync(join(tmpdir(), 'link-blocks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const postFile = join(root, 'src', 'content', 'posts', '2024', 'post.md');
mkdirSync(dirname(postFile), { recursive: true });
const storeFile = join(root, 'src', 'content', 'link-cards.json');

let stamp = Date.now() / 1000;
/** Writes the store with a new modification time, as an edit would. */
function writeStore(json: unknown): void {
  writeFileSync(storeFile, typeof json === 'string' ? json : JSON.stringify(json));
  stamp += 10;
  utimesSync(storeFile, stamp, stamp);
}

const card = (over: Partial<CardEntry> = {}): CardEntry => ({
  url: 'https://example.com/article',
  title: '記事のタイトル',
  description: '記事の説明文。',
  siteName: 'Example',
  icon: 'link-cards/0123456789abcdef.png',
  image: { src: 'link-cards/fedcba9876543210.webp', width: 640, height: 336 },
  fetched: '2024-05-01',
  ...over,
});

async function render(markdown: string, base = '/'): Promise<string> {
  const result = await markdownToHtml(markdown, {
    mdastPlugins: [linkBlocks({ base })],
    hastPlugins: [permalinkCaptions],
    fileURL: pathToFileURL(postFile),
  });
  return result.html.trim();
}
const dom = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  rmSync(storeFile, { force: true });
});
afterEach(() => warn.mockRestore());

describe('which paragraphs become link blocks', () => {
  it.each([
    ['https://example.com/a?b=1&c=2', 'https://example.com/a?b=1&c=2'],
    ['<https://example.com/a>', 'https://example.com/a'],
    ['@[card](https://example.com/a)', 'https://example.com/a'],
    ['@[card](<https://example.com/a_(b)>)', 'https://example.com/a_(b)'],
    ['[https://example.com/a:embed:cite]', 'https://example.com/a'],
    ['[https://example.com/a:embed]', 'https://example.com/a'],
    ['https://ja.wikipedia.org/wiki/Foo_(bar)', 'https://ja.wikipedia.org/wiki/Foo_(bar)'],
    ['[https://github.com/kaityo256/hidden-line](https://github.com/kaityo256/hidden-line)', 'https://github.com/kaityo256/hidden-line'],
  ])('%s is a card of %s', (text, url) => {
    expect(linkBlockOf(text)).toEqual({ kind: 'card', url });
  });

  it.each([
    '[text](https://example.com/a)',
    '[https://example.com/a](https://example.com/b)',
    '[javascript:alert(1)](javascript:alert(1))',
    'see https://example.com/a',
    'https://example.com/a.',
    'https://example.com/a)',
    'javascript:alert(1)',
    '<javascript:alert(1)>',
    '[javascript:alert(1):embed:cite]',
    'https://example.com/a\nhttps://example.com/b',
    'ftp://example.com/file',
  ])('%j is an ordinary paragraph', (text) => {
    expect(linkBlockOf(text)).toBeUndefined();
  });

  it('renders cards at the top level, in blockquotes and alone in list items, not in prose', async () => {
    const html = await render(
      [
        'https://example.com/top',
        '> https://example.com/quoted',
        '- https://example.com/listed',
        '- https://example.com/with-more\n\n  and a second paragraph',
        'text https://example.com/inline',
        '[link text](https://example.com/linked)',
        '```\nhttps://example.com/fenced\n```',
        '    https://example.com/indented',
        '# https://example.com/heading',
      ].join('\n\n'),
    );
    const titles = [...dom(html).querySelectorAll('.link-card-title')].map((a) => a.getAttribute('href'));
    expect(titles).toEqual(['https://example.com/top', 'https://example.com/quoted', 'https://example.com/listed']);
  });

  it('finds GitHub permalinks to lines, and only those', () => {
    expect(githubPermalink('https://github.com/o/r/blob/0123abc/src/a%20b.ts#L2-L4')).toEqual({ repo: 'o/r', ref: '0123abc', path: 'src/a b.ts', startLine: 2, endLine: 4 });
    expect(githubPermalink('https://github.com/o/r/blob/main/a.ts#L7')).toMatchObject({ startLine: 7, endLine: 7 });
    for (const url of ['https://github.com/o/r/blob/main/a.ts', 'https://github.com/o/r/tree/main/a#L1', 'https://github.com/o/r/blob/main/a.ts#L5-L2', 'http://github.com/o/r/blob/main/a.ts#L1', 'https://evil.com/o/r/blob/main/a.ts#L1']) {
      expect(githubPermalink(url), url).toBeUndefined();
    }
  });
});

describe('link cards', () => {
  it('show the stored title, description, site, icon and image, under the base path', async () => {
    writeStore({ version: 1, cards: { 'https://example.com/article': card() }, code: {}, failed: {} });
    const html = await render('https://example.com/article', '/blog/');
    expect(html).toBe(
      '<div class="link-card" data-pagefind-ignore><div class="link-card-body">' +
        '<a class="link-card-title" href="https://example.com/article">記事のタイトル</a>' +
        '<p class="link-card-description">記事の説明文。</p>' +
        '<p class="link-card-site"><img src="/blog/link-cards/0123456789abcdef.png" alt="" loading="lazy" decoding="async" class="link-card-icon" width="16" height="16" aria-hidden="true"> ' +
        '<span class="link-card-site-name">Example</span> · <span class="link-card-domain">example.com</span></p></div>' +
        '<img src="/blog/link-cards/fedcba9876543210.webp" alt="" loading="lazy" decoding="async" class="link-card-image" width="640" height="336" aria-hidden="true"></div>',
    );
  });

  it('without an entry, are a plain card of the address and its domain', async () => {
    const html = await render('https://ja.wikipedia.org/wiki/%E6%B3%A2%E3%83%80%E3%83%83%E3%82%B7%E3%83%A5');
    expect(html).toBe(
      '<div class="link-card link-card-plain" data-pagefind-ignore><div class="link-card-body">' +
        '<a class="link-card-title" href="https://ja.wikipedia.org/wiki/%E6%B3%A2%E3%83%80%E3%83%83%E3%82%B7%E3%83%A5">ja.wikipedia.org/wiki/波ダッシュ</a>' +
        '<p class="link-card-site">ja.wikipedia.org</p></div></div>',
    );
  });

  it('escape hostile text and cut a 10,000-character title', async () => {
    writeStore({
      version: 1,
      cards: {
        'https://example.com/x': card({
          title: `"><script>alert(1)</script>${'長'.repeat(10_000)}`,
          description: 'a "quoted" <b>tag</b> & \u202Eevil',
          siteName: '<img src=x onerror=alert(1)>',
        }),
      },
    });
    const html = await render('https://example.com/x');
    expect(html).not.toMatch(/<script|<b>|<img src=x|\u202E/u);
    const document = dom(html);
    const title = document.querySelector('.link-card-title')!.textContent!;
    expect(title.startsWith('"><script>alert(1)</script>長')).toBe(true);
    expect(Array.from(title)).toHaveLength(200);
    expect(title.endsWith('…')).toBe(true);
    expect(document.querySelector('.link-card-description')!.textContent).toBe('a "quoted" <b>tag</b> & evil');
    expect(document.querySelector('.link-card-site-name')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('never link or load anything but http(s) pages and the store’s own files, whatever the entry holds', () => {
    const hostile = card({ icon: 'javascript:alert(1)', image: { src: 'https://tracker.example/pixel.gif', width: 1, height: 1 } });
    const node = cardNode('https://example.com/a', hostile, { base: '/' });
    expect(JSON.stringify(node)).not.toMatch(/javascript:|tracker/u);
    expect(cardNode('javascript:alert(1)', card(), { base: '/' })).toBeUndefined();
    expect(cardNode('data:text/html,<script>alert(1)</script>', undefined, { base: '/' })).toBeUndefined();
  });

  it('show a GitHub permalink as its stored lines, highlighted, titled with a link to it', async () => {
    const url = 'https://github.com/octo/repo/blob/0123abc/src/app.ts#L2-L3';
    writeStore({
      version: 1,
      cards: {},
      code: { [url]: { repo: 'octo/repo', path: 'src/app.ts', ref: '0123abc', startLine: 2, endLine: 3, lang: 'ts', code: 'const a = 1;\nconst b = "<b>";\n', fetched: '2024-05-01' } },
    });
    const processor = await createSatteriMarkdownProcessor({
      syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
      shikiConfig: { theme: 'github-dark', transformers: codeTransformers() },
      mdastPlugins: [linkBlocks()],
      hastPlugins: [permalinkCaptions],
    } as Parameters<typeof createSatteriMarkdownProcessor>[0]);
    const { code: html } = await processor.render(url, { fileURL: pathToFileURL(postFile) });
    const document = dom(html);
    const figure = document.querySelector('figure.code-block')!;
    expect(figure).toBeTruthy();
    const link = figure.querySelector('figcaption a.code-title')!;
    expect(link.getAttribute('href')).toBe(url);
    expect(link.textContent).toBe('octo/repo/src/app.ts#L2-L3');
    expect(figure.querySelector('pre.astro-code')!.getAttribute('data-language')).toBe('ts');
    expect(figure.querySelector('code')!.textContent).toBe('const a = 1;\nconst b = "<b>";');
    expect(html).not.toContain('permalink-code');
    // Without a highlighter, the block still gets its linked caption.
    expect(await render(url)).toBe(
      `<figure class="code-block"><figcaption><a class="code-title" href="${url}">octo/repo/src/app.ts#L2-L3</a></figcaption>` +
        '<pre><code class="language-ts">const a = 1;\nconst b = "&lt;b&gt;";\n</code></pre></figure>',
    );
  });

  it('show a permalink without a stored copy as a plain card', async () => {
    const html = await render('https://github.com/octo/repo/blob/main/a.ts#L1');
    expect(html).toContain('class="link-card link-card-plain"');
    expect(html).toContain('href="https://github.com/octo/repo/blob/main/a.ts#L1"');
  });
});

describe('embeds that cannot be made', () => {
  it('stay the text they are written as, with a warning naming the post', async () => {
    expect(await render('@[youtube](javascript:alert(1))')).toBe('<p>@[youtube](javascript:alert(1))</p>');
    expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/^\[embed\] \S*src\/content\/posts\/2024\/post\.md: @\[youtube\] needs a YouTube video id or URL, not "javascript:alert\(1\)"$/u));
    expect(await render('@[unknown](https://example.com/)')).toBe('<p>@[unknown](https://example.com/)</p>');
    expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/post\.md: unknown embed @\[unknown\]$/u));
    expect(await render('@[card](data:text/html,hi)')).toBe('<p>@[card](data:text/html,hi)</p>');
    expect(await render('@[youtube](<script>x</script>)')).toBe('<p>@[youtube](&lt;script&gt;x&lt;/script&gt;)</p>');
  });

  it('become a card when what was given is a URL the embed cannot take', async () => {
    const html = await render('@[speakerdeck](https://speakerdeck.com/someone/talk)');
    expect(html).toContain('href="https://speakerdeck.com/someone/talk"');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('@[speakerdeck] needs a Speaker Deck slide id'));
  });

  it('leave `@[name]` inside a sentence alone', async () => {
    expect(await render('@[someone](https://github.com/someone)さんの話')).toBe('<p>@<a href="https://github.com/someone">someone</a>さんの話</p>');
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('a page with every form', () => {
  const post = [
    '---',
    'title: すべての形',
    '---',
    '',
    'https://example.com/one',
    '',
    '<https://example.com/two>',
    '',
    '@[card](https://example.com/three)',
    '',
    '[https://example.com/four:embed:cite]',
    '',
    ':::message',
    'https://example.com/five',
    ':::',
    '',
    '- https://example.com/six',
    '',
    'https://example.com/one',
    '',
    'https://github.com/octo/repo/blob/abc/a.ts#L1-L2',
    '',
    '@[youtube](dQw4w9WgXcQ)',
    '',
    'https://youtu.be/dQw4w9WgXcQ?t=30',
    '',
    'https://x.com/jack/status/20',
    '',
    '@[tweet](https://twitter.com/jack/status/20)',
    '',
    '@[speakerdeck](0123456789abcdef0123456789abcdef)',
    '',
    'https://www.docswell.com/s/someone/ABC123-slides',
    '',
    '@[slideshare](abcDEF123)',
    '',
    'https://codepen.io/someone/pen/abcdef',
    '',
    'https://stackblitz.com/edit/some-project',
    '',
    '@[codesandbox](some-sandbox-abc12)',
    '',
    'https://gist.github.com/someone/0123456789abcdef0123456789abcdef',
    '',
    'https://www.figma.com/file/ABCDEFGHIJKLMNOPQRSTUV/Design',
    '',
    '@[jsfiddle](https://jsfiddle.net/someone/abc123/)',
    '',
    '```md',
    'https://example.com/in-code',
    '```',
    '',
    'text https://example.com/in-text',
  ].join('\n');
  const body = post.replace(/^---\n[\s\S]*?\n---\n/u, '');

  it('has the cards the fetcher is asked for, no more and no fewer', async () => {
    writeStore({ version: 1, cards: { 'https://example.com/two': card({ url: 'https://example.com/two' }) } });
    // The containers pre-pass that the pipeline applies (processor.ts) before parsing.
    const { prepareContainers } = await import('../../src/markdown/containers.ts');
    const html = await render(prepareContainers(body, 'ja'));
    const rendered = [...dom(html).querySelectorAll('.link-card-title')].map((a) => a.getAttribute('href'));
    const found = findCardUrls(post);
    expect(found.cards).toEqual(['https://example.com/one', 'https://example.com/two', 'https://example.com/three', 'https://example.com/four', 'https://example.com/five', 'https://example.com/six']);
    expect(found.code).toEqual(['https://github.com/octo/repo/blob/abc/a.ts#L1-L2']);
    const normal = (url: string) => new URL(url).href;
    // The permalink has no stored code, so it shows as a plain card too.
    expect([...new Set(rendered)]).toEqual([...found.cards, ...found.code].map(normal));
    expect(rendered).toHaveLength(found.cards.length + found.code.length + 1); // "one" is written twice
    expect(dom(html).querySelectorAll('figure.embed')).toHaveLength(13);
  });

  it('makes no request to another site until the reader asks', async () => {
    const html = await render(body);
    const document = dom(html);
    expect(document.querySelectorAll('iframe, script, object, embed, video, audio, link, source')).toHaveLength(0);
    for (const img of document.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^\/link-cards\//u);
    // Third-party addresses appear only in links and in the load buttons' data-embed-src.
    for (const element of document.querySelectorAll('*')) {
      for (const { name, value } of element.attributes) {
        if (/https?:/u.test(value)) expect(['href', 'data-embed-src'], `${element.tagName} ${name}="${value}"`).toContain(name);
      }
    }
    for (const button of document.querySelectorAll('button[data-embed-src]')) {
      expect(button.hasAttribute('hidden')).toBe(true);
      expect(button.getAttribute('data-feed')).toBe('omit');
      expect(button.getAttribute('data-embed-src')).toMatch(/^https:\/\//u);
    }
  });

  it('is valid HTML', async () => {
    const html = await render(body);
    const report = await new HtmlValidate(config).validateString(`<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body><main>${html}</main></body></html>`);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});

describe('the store', () => {
  it('is empty when there is no file', () => {
    expect(loadStore(storeFile)).toEqual(emptyStore());
    expect(readStore(storeFile)).toEqual({ store: emptyStore(), problems: [], text: '' });
  });

  it('is found from a post of its project, else under the current folder', () => {
    expect(storeFileFor(pathToFileURL(postFile))).toBe(storeFile);
    expect(storeFileFor(undefined)).toBe(join(process.cwd(), 'src', 'content', 'link-cards.json'));
  });

  it('stops the build, naming the file and what is wrong, when it is not a store', () => {
    writeStore('{"version": 1, "cards": {');
    expect(() => loadStore(storeFile)).toThrow(/link-cards\.json: is not JSON/u);
    writeStore({ version: 2 });
    expect(() => loadStore(storeFile)).toThrow(/link-cards\.json: version must be 1 \(found 2\)/u);
    writeStore({ version: 1, cards: { 'https://example.com/': card({ url: 'javascript:alert(1)' }) } });
    expect(() => loadStore(storeFile)).toThrow(/link-cards\.json: cards\["https:\/\/example\.com\/"\]\.url must be an http\(s\) URL/u);
    writeStore({ version: 1, cards: { 'https://example.com/': card({ image: { src: 'data:image/png;base64,AA', width: 1, height: 1 } }) } });
    expect(() => loadStore(storeFile)).toThrow(/\.image\.src must name a file link-cards\//u);
    writeStore({ version: 1, cards: { 'https://example.com/': card({ image: { src: 'link-cards/0123456789abcdef.png', width: -1, height: 1 } }) } });
    expect(() => loadStore(storeFile)).toThrow(/\.image\.width must be a whole number/u);
    writeStore({ version: 1, code: { x: { repo: 'o/r' } } });
    expect(() => loadStore(storeFile)).toThrow(/code\["x"\]\.path must be a string/u);
  });

  it('is read again when the file changes', () => {
    writeStore({ version: 1, cards: { 'https://a.example/': card({ title: 'first' }) } });
    expect(loadStore(storeFile).cards['https://a.example/']!.title).toBe('first');
    writeStore({ version: 1, cards: { 'https://a.example/': card({ title: 'second' }) } });
    expect(loadStore(storeFile).cards['https://a.example/']!.title).toBe('second');
  });

  it('keeps a "__proto__" URL as a key like any other', () => {
    const store = parseStore('{"version":1,"cards":{"__proto__":' + JSON.stringify(card()) + '}}', 'f.json');
    expect(Object.hasOwn(store.cards, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(store.cards)).toBeNull();
  });

  it('is read leniently by the fetcher, which fetches a broken entry again', () => {
    writeStore({ version: 1, cards: { 'https://ok.example/': card(), 'https://bad.example/': { title: 1 } } });
    const { store, problems } = readStore(storeFile);
    expect(Object.keys(store.cards)).toEqual(['https://ok.example/']);
    expect(problems).toEqual([expect.stringMatching(/cards\["https:\/\/bad\.example\/"\]\.url must be a string: entry left out/u)]);
  });

  it('is written with sorted keys, two-space indent and a final newline, and reads back the same', () => {
    const store = emptyStore();
    store.cards['https://b.example/'] = card();
    store.cards['https://a.example/'] = card({ image: null, icon: null });
    store.failed['https://c.example/'] = { tried: '2024-05-01', reason: 'HTTP 404' };
    const text = serializeStore(store);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('https://a.example/')).toBeLessThan(text.indexOf('https://b.example/'));
    expect(text).toContain('\n  "cards": {\n    "https://a.example/": {\n      "description"');
    writeFileAtomic(storeFile, text);
    expect(serializeStore(readStore(storeFile).store)).toBe(text);
  });
});

describe('the Markdown fingerprint', () => {
  it('changes with the link-card store, so that posts render again with the new cards', () => {
    const project = mkdtempSync(join(tmpdir(), 'fingerprint-cards-'));
    try {
      mkdirSync(join(project, 'src', 'markdown'), { recursive: true });
      writeFileSync(join(project, 'src', 'markdown', 'processor.ts'), 'export const p = 1;\n');
      const without = markdownFingerprint(project);
      mkdirSync(join(project, 'src', 'content'), { recursive: true });
      writeFileSync(join(project, 'src', 'content', 'link-cards.json'), '{"version":1}\n');
      const first = markdownFingerprint(project);
      expect(first).not.toBe(without);
      writeFileSync(join(project, 'src', 'content', 'link-cards.json'), '{"version":1,"cards":{}}\n');
      expect(markdownFingerprint(project)).not.toBe(first);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
