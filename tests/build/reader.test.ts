/**
 * Reader features in the built site: search, share images, sharing metadata and JSON-LD, related
 * posts, code blocks, colour scheme and keyboard access.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteProblems } from '../helpers/validity.ts';
import { parse } from 'parse5';
import { searchSite } from '../helpers/pagefind.ts';
import { fixturePosts, makeSite, projectRoot, type Site } from '../helpers/site.ts';
import { fileTimes, writtenSince } from '../helpers/rewritten-files.ts';

let site: Site;
const ORIGIN = 'https://blog.example.com';

beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('reader') });
  const build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => site?.remove());

const postIds = () => ['a', 'b', 'c', 'd', 'e', 'english', 'hostile', 'photo'];

describe('search', () => {
  it('finds a post by Japanese words in its body', async () => {
    for (const word of ['署名', 'パスワード', '再設定']) {
      const hits = await searchSite(site.dist, word);
      expect(hits.map((h) => h.url), word).toContain('/posts/a/');
    }
  });

  it('finds an English post by English words, with title, date and a marked excerpt', async () => {
    const [hit, ...rest] = await searchSite(site.dist, 'serendipitous');
    expect(rest).toHaveLength(0);
    expect(hit).toMatchObject({ url: '/posts/english/', title: 'A serendipitous discovery', date: '2023年4月1日' });
    expect(hit!.excerpt).toMatch(/<mark>serendipitous\s?<\/mark>/);
  });

  it('never finds a draft', async () => {
    expect(await searchSite(site.dist, 'DRAFTSEARCHMARK')).toEqual([]);
    for (const hit of await searchSite(site.dist, '署名')) expect(hit.url).not.toContain('draft');
  });

  it('indexes post bodies and titles only, not lists, navigation or footers', async () => {
    const hits = await searchSite(site.dist, '共通');
    expect(hits).toEqual([]); // a tag name: shown in lists and tag pages, not in any body
    const all = await searchSite(site.dist, '本文');
    expect(all.every((h) => h.url.startsWith('/posts/'))).toBe(true);
    expect((await searchSite(site.dist, 'アーカイブ')).length).toBe(0);
  });

  it('has a search page that works without JavaScript by saying so', () => {
    const html = site.read('search/index.html');
    expect(html).toMatch(/<form id="search-form"[^>]* hidden/);
    expect(html).toMatch(/<div id="search-without-script">[\s\S]*href="\/tags\/"[\s\S]*href="\/archive\/"[\s\S]*<\/div>/);
    expect(html).toContain('/pagefind/pagefind.js');
    for (const page of ['index.html', 'posts/a/index.html']) expect(site.read(page)).not.toContain('pagefind.js');
  });
});

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** The files the rebuild tests changed (code, an image, a post), as they were: put back by the last of them. */
const changed = new Map<string, Buffer>();

/** Writes `content` into the site's file `path`, keeping what it held first for the last test to put back. */
function change(path: string, content: string | Buffer): void {
  if (!changed.has(path)) changed.set(path, readFileSync(path));
  writeFileSync(path, content);
}
/** Post a's share image before the code that draws it changed. */
let firstShareImage: Buffer | undefined;

/**
 * Builds the site with `from` replaced by `to` in its code file `file`, and runs `check` on that build.
 * The change stays (see `changed`).
 */
async function buildWithCodeChanged(file: string, from: string, to: string, check: (build: { output: string }) => void): Promise<void> {
  const path = join(site.dir, file);
  const original = readFileSync(path, 'utf8');
  const edited = original.replace(from, to);
  expect(edited).not.toBe(original); // the test changes what it means to
  change(path, edited);
  const build = await site.astro(['build']);
  expect(build.code, build.output).toBe(0);
  check(build);
}

describe('share images', () => {
  it('every post page references its own existing 1200x630 PNG', () => {
    for (const id of postIds()) {
      const html = site.read(`posts/${id}/index.html`);
      const image = /<meta property="og:image" content="([^"]+)">/.exec(html)![1]!;
      expect(image).toBe(`${ORIGIN}/posts/${id}/og.png`);
      expect(html).toContain(`<meta name="twitter:image" content="${image}">`);
      expect(pngSize(join(site.dist, `posts/${id}/og.png`))).toEqual([1200, 630]);
    }
    expect(pngSize(join(site.dist, 'og.png'))).toEqual([1200, 630]);
    expect(site.read('index.html')).toContain(`<meta property="og:image" content="${ORIGIN}/og.png">`);
  });
});

const jsonLd = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));

describe('sharing metadata', () => {
  it('a post has canonical, Open Graph article fields and a Twitter card', () => {
    const html = site.read('posts/a/index.html');
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/posts/a/">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="article:published_time" content="2023-05-10T00:00:00+09:00">');
    expect(html).toContain('<meta property="article:modified_time" content="2023-05-12T09:30:00+09:00">');
    expect(html).toContain('<meta property="article:tag" content="共通">');
    expect(html).toContain('<meta property="article:tag" content="手続き">');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
  });

  it('a post has BlogPosting JSON-LD; the home page has WebSite', () => {
    const [ld] = jsonLd(site.read('posts/a/index.html'));
    expect(ld).toMatchObject({
      '@type': 'BlogPosting',
      headline: '署名用パスワードの再設定',
      datePublished: '2023-05-10T00:00:00+09:00',
      dateModified: '2023-05-12T09:30:00+09:00',
      author: { '@type': 'Person', name: 'Author' },
      image: [`${ORIGIN}/posts/a/og.png`],
      keywords: ['共通', '手続き'],
    });
    expect(jsonLd(site.read('index.html'))[0]).toMatchObject({ '@type': 'WebSite', name: 'ノート' });
  });

  it('JSON-LD survives a title with </script> and <!--', () => {
    const html = site.read('posts/hostile/index.html');
    const [ld] = jsonLd(html);
    expect(ld.headline).toBe('Evil </script><script>alert(1)</script> <!-- "quotes" & ampersand');
    // Parsed as a browser would (parse5 follows the HTML standard): the title makes no element and no
    // comment anywhere in the page.
    const scripts: string[] = [];
    let comments = 0;
    type N = { nodeName: string; attrs?: Array<{ name: string; value: string }>; childNodes?: N[] };
    const visit = (node: N) => {
      if (node.nodeName === 'script') scripts.push(node.attrs?.find((a) => a.name === 'type')?.value ?? 'js');
      if (node.nodeName === '#comment') comments++;
      node.childNodes?.forEach(visit);
    };
    visit(parse(html) as unknown as N);
    expect(scripts).toEqual(['js', 'application/ld+json']);
    expect(comments).toBe(0);
  });
});

describe('related posts', () => {
  const related = (id: string) => {
    const html = site.read(`posts/${id}/index.html`);
    const section = /<section class="related"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    return [...section.matchAll(/href="\/posts\/([^/]+)\/"/g)].map((m) => m[1]);
  };

  it('ranks by shared tags, then by closeness in date; never itself, a draft or an unrelated post', () => {
    // b shares two tags; c, d and hostile one each, c nearest in date, then d (2020), then hostile (2019).
    expect(related('a')).toEqual(['b', 'c', 'd', 'hostile']);
    expect(related('e')).toEqual([]);
  });
});

describe('code blocks', () => {
  it('show the file title and language, highlight lines, and get a copy button by script only', () => {
    const html = site.read('posts/a/index.html');
    expect(html).toMatch(/<figure class="code-block"><figcaption><span class="code-title">src\/reset\.ts<\/span><span class="code-lang">ts<\/span><\/figcaption><pre/);
    const lines = [...html.matchAll(/<span class="line( highlighted)?">/g)].slice(0, 2).map((m) => Boolean(m[1]));
    expect(lines).toEqual([false, true]);
    expect(html).not.toMatch(/<button[^>]*copy-code/); // added in the browser
    expect(html).toContain("b.className = 'copy-code'");
    expect(site.read('posts/b/index.html')).not.toContain("b.className = 'copy-code'"); // no code, no script
  });
});

describe('colour scheme and keyboard', () => {
  it('applies a stored colour scheme before first paint, with a toggle hidden without JavaScript', () => {
    const html = site.read('posts/a/index.html');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toMatch(/<script>\s*\(function\(d,k\)\{[^<]*localStorage[^<]*<\/script>/);
    // Before any style is applied, so the page never paints in the other scheme first.
    expect(head.indexOf('<style')).toBeGreaterThan(-1);
    expect(head.indexOf('localStorage')).toBeLessThan(head.indexOf('<style'));
    expect(html).toMatch(/<button id="theme"[^>]* hidden/);
  });

  it('has a skip link to the main content', () => {
    const html = site.read('index.html');
    expect(html).toMatch(/<body><a class="skip-link" href="#main">本文へ移動<\/a>/);
    expect(html).toContain('<main id="main"');
  });

  it('images in posts have their size, a srcset of modern formats, and load lazily below the fold', () => {
    const img = /<img [^>]*alt="控えの写真"[^>]*>/.exec(site.read('posts/a/index.html'))![0];
    expect(img).toContain('width="1600"');
    expect(img).toContain('height="900"');
    expect(img).toContain('loading="lazy"');
    expect(img).toContain('decoding="async"');
    expect(img).toContain('sizes="(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"');
    expect(img).toMatch(/src="\/_astro\/[^"]+\.webp"/);
    const widths = [...img.matchAll(/\.webp (\d+)w/g)].map((m) => Number(m[1]));
    expect(widths.length).toBeGreaterThan(2);
    expect(Math.max(...widths)).toBe(1600);
    for (const m of img.matchAll(/\/(_astro\/[^\s"]+\.webp) \d+w/g)) expect(existsSync(join(site.dist, m[1]!)), m[1]).toBe(true);
  });

  it('the image a post opens with loads at once, with high priority', () => {
    const html = site.read('posts/photo/index.html');
    const first = /<img [^>]*alt="冒頭の写真"[^>]*>/.exec(html)![0];
    const second = /<img [^>]*alt="二枚目の写真"[^>]*>/.exec(html)![0];
    expect(first).toContain('loading="eager"');
    expect(first).toContain('fetchpriority="high"');
    expect(second).toContain('loading="lazy"');
  });
});

describe('validity', () => {
  it('has valid HTML on every page, working links and fragments, valid feeds and sitemap', async () => {
    expect(await siteProblems(site.dist, ORIGIN)).toEqual([]);
  });
});

/**
 * Rebuilds, last: each changes the site, then builds it again. Each build differs from the one before
 * it by the test's own change alone, so that what the test sees comes of that change.
 */
describe('rebuilds', () => {
  it('share images are made again only for posts whose image changes; the rebuild reuses only pages the change does not reach', async () => {
    const cache = join(site.dir, 'node_modules', '.cache', 'share-images');
    const before = new Map(readdirSync(cache).map((f) => [f, statSync(join(cache, f)).mtimeMs]));
    expect(before.size).toBe(postIds().length + 1);
    const file = join(site.dir, 'src/content/posts/b.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('二つのタグを共有する記事', '題名を変えた記事'));
    const pagesBefore = fileTimes(site.dist);
    const build = await site.astro(['build']);
    expect(build.code, build.output).toBe(0);
    const after = readdirSync(cache);
    const added = after.filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    for (const [f, mtime] of before) if (existsSync(join(cache, f))) expect(statSync(join(cache, f)).mtimeMs).toBe(mtime);

    // The same rebuild reuses the pages the new title does not reach, and shows it everywhere it does.
    const reused = postIds().filter((id) => !writtenSince(pagesBefore, site.dist, `posts/${id}/index.html`));
    expect(reused.length).toBeGreaterThan(0);
    for (const id of reused) expect(site.read(`posts/${id}/index.html`), id).not.toContain('href="/posts/b/"');
    const shown = (page: string) => site.read(page).replace(/<wbr>/g, '');
    expect(shown('posts/b/index.html')).toContain('題名を変えた記事');
    const pagesLinkingB = postIds().filter((id) => id !== 'b' && site.read(`posts/${id}/index.html`).includes('href="/posts/b/"'));
    expect(pagesLinkingB.length).toBeGreaterThan(0); // a neighbour or a related post
    for (const id of pagesLinkingB) expect(shown(`posts/${id}/index.html`), id).toContain('題名を変えた記事');
    expect(shown('index.html')).toContain('題名を変えた記事');
    // Tag feeds too: those that carry the post are made again, the others copied.
    const tagFeeds = site.files().filter((f) => /^tags\/[^/]+\/rss\.xml$/u.test(f));
    const feedsWithB = tagFeeds.filter((f) => site.read(f).includes('/posts/b/'));
    expect(feedsWithB.length).toBeGreaterThan(0);
    expect(feedsWithB.length).toBeLessThan(tagFeeds.length);
    for (const f of tagFeeds) expect(writtenSince(pagesBefore, site.dist, f), f).toBe(feedsWithB.includes(f));
    for (const f of feedsWithB) expect(site.read(f), f).toContain('題名を変えた記事');
    const hits = await searchSite(site.dist, '題名を変えた記事');
    expect(hits.map((h) => h.title)).toContain('題名を変えた記事');
  });

  it('a post whose image is replaced under the same name shows the new image after a rebuild', async () => {
    const imageSrcs = () => [...site.read('posts/photo/index.html').matchAll(/<img[^>]* src="([^"]+)"/g)].map((m) => m[1]!);
    const before = imageSrcs();
    expect(before.length).toBeGreaterThan(0);
    const image = join(site.dir, 'src/content/posts/pic.png');
    change(image, readFileSync(join(projectRoot, 'tests/fixtures/basic/images/pic.png')));
    const pagesBefore = fileTimes(site.dist);
    const build = await site.astro(['build']);
    expect(build.code, build.output).toBe(0);
    expect(writtenSince(pagesBefore, site.dist, 'posts/photo/index.html')).toBe(true);
    const after = imageSrcs();
    expect(after.length).toBe(before.length);
    for (const src of after) {
      expect(before).not.toContain(src);
      expect(existsSync(join(site.dist, src)), src).toBe(true);
    }
    // Pages that list none of the posts showing the image are still copied.
    const showing = postIds().filter((id) => readFileSync(join(site.dir, `src/content/posts/${id}.md`), 'utf8').includes('./pic.png'));
    const tagPages = site.files().filter((f) => /^tags\/[^/]+\/index\.html$/u.test(f));
    const untouched = tagPages.filter((f) => showing.every((id) => !site.read(f).includes(`/posts/${id}/`)));
    expect(untouched.length).toBeGreaterThan(0);
    for (const f of untouched) expect(writtenSince(pagesBefore, site.dist, f), f).toBe(false);
  });

  it('a change to the Markdown rules reaches every post on the next build, though no post changed', async () => {
    const withCode = postIds().filter((id) => site.read(`posts/${id}/index.html`).includes('class="code-block"'));
    expect(withCode.length).toBeGreaterThan(0);
    await buildWithCodeChanged('src/markdown/code-blocks.ts', "className: ['code-block']", "className: ['code-block', 'rules-changed']", (build) => {
      expect(build.output).toContain('the Markdown pipeline changed: rendering every post again');
      for (const id of withCode) expect(site.read(`posts/${id}/index.html`), id).toContain('class="code-block rules-changed"');
    });
  });

  it('a change to the code that draws share images makes them again on the next build', async () => {
    const before = (firstShareImage = readFileSync(join(site.dist, 'posts/a/og.png')));
    const coverage = 'Math.round((c * LEVELS) / 255)';
    await buildWithCodeChanged('src/share-images/canvas.ts', coverage, coverage.replace('round', 'ceil'), () => {
      expect(readFileSync(join(site.dist, 'posts/a/og.png')).equals(before)).toBe(false);
    });
  });

  it('a change to the code that makes the search index makes it again, though no post changed', async () => {
    const merge = 'const SIGNATURE = ';
    await buildWithCodeChanged('src/search/pagefind-merge.ts', merge, `// changed\n${merge}`, (build) => {
      expect(build.output).toMatch(/indexed \d+ posts for search, in 1 part/);
      expect(build.output).not.toMatch(/search index of \d+ posts unchanged/);
    });
  });

  it('a post made a draft again is gone after the next build, though its page was reusable', async () => {
    const file = join(site.dir, 'src/content/posts/e.md');
    change(file, readFileSync(file, 'utf8').replace('published: true', 'published: false'));
    const build = await site.astro(['build']);
    expect(build.code, build.output).toBe(0);
    expect(existsSync(join(site.dist, 'posts/e'))).toBe(false);
    expect(site.files().some((f) => f.includes('posts/e/'))).toBe(false);
    // The last build's files, set aside when this one began (src/build-speed/empty-folder-aside.ts), are gone too.
    expect(existsSync(join(site.dir, 'node_modules/.cache/old-out-dir'))).toBe(false);
    expect(site.read('index.html')).not.toContain('何も共有しない記事');
    expect(await searchSite(site.dist, '何も共有しない記事')).toEqual([]);
  });

  it('with the code, the image and the draft put back, the share images are as before and the site valid; a rebuild in which nothing changed then copies the last search index instead of indexing again', async () => {
    for (const [path, original] of changed) writeFileSync(path, original);
    expect(changed.size).toBe(5);
    const restored = await site.astro(['build']);
    expect(restored.code, restored.output).toBe(0);
    expect(readFileSync(join(site.dist, 'posts/a/og.png')).equals(firstShareImage!)).toBe(true);
    // Made from pages and feeds reused, copied and rendered again over seven rebuilds.
    expect(await siteProblems(site.dist, ORIGIN)).toEqual([]);

    // The last build was of the site as it is now: this one changes nothing.
    const pagesBefore = fileTimes(site.dist);
    const build = await site.astro(['build']);
    expect(build.code, build.output).toBe(0);
    expect(build.output).toMatch(/search index of \d+ posts unchanged: copied from the last build/);
    // Every post page and tag feed is reused, and kept where the last build left it: neither rendered
    // nor copied from Astro's cache, either of which writes the file anew (src/build-speed/out-dir-emptied-aside.ts).
    const reusable = [...pagesBefore.keys()].filter((f) => /^posts\/.+\/index\.html$|^tags\/.+\/rss\.xml$/u.test(f));
    expect(reusable.length).toBeGreaterThan(postIds().length);
    expect(reusable.filter((f) => writtenSince(pagesBefore, site.dist, f))).toEqual([]);
    // The copy is the index of the posts as they are now: the post made a draft and back is found again.
    expect((await searchSite(site.dist, '何も共有しない記事')).map((h) => h.url)).toEqual(['/posts/e/']);
  });
});
