/**
 * `.mdx` posts and `heroImage` in a built site: an MDX post builds like a Markdown one (schema,
 * Japanese rules, dialect, URL), with components from src/components and `astro:assets`; drafts stay
 * out; feeds, summaries and search get its HTML. A post's hero image shows at the top of its page.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteProblems } from '../helpers/validity.ts';
import { searchSite } from '../helpers/pagefind.ts';
import { fixturePosts, makeSite, type Site } from '../helpers/site.ts';

let site: Site;
let output = '';
const ORIGIN = 'https://blog.example.com';

beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('mdx') });
  // Components live in the site's src/components; this one exists only in the test's copy.
  writeFileSync(
    join(site.dir, 'src', 'components', 'TestGreeting.astro'),
    '---\nconst { name } = Astro.props;\n---\n<p class="greeting">こんにちは、{name}さん</p>\n',
  );
  mkdirSync(join(site.dir, 'public', 'media'), { recursive: true });
  const build = await site.astro(['build']);
  output = build.output;
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => site?.remove());

describe('.mdx posts', () => {
  it('build at /posts/<path>/ with the imported component and an astro:assets image', () => {
    const html = site.read('posts/mdx-post/index.html');
    expect(html).toContain('<p class="greeting"');
    expect(html).toContain('こんにちは、読者さん');
    expect(html).toMatch(/<img[^>]*src="\/_astro\/pic\.[^"]+"[^>]*alt="MDXの写真"|<img[^>]*alt="MDXの写真"[^>]*src="\/_astro\/pic\./);
  });

  it('follow the Japanese rules and the dialect', () => {
    const html = site.read('posts/mdx-post/index.html');
    expect(html).toContain('始まり、行をまたいでも');
    expect(html).toContain('<strong>「強調」</strong>の後ろ');
    expect(html).toMatch(/class="callout[^"]*"[\s\S]*MDXのメモ/);
    expect(html).toContain('katex');
    expect(html).toMatch(/MDXの脚注/);
    expect(html).toContain('class="code-block"');
  });

  it('keep drafts out of every file', () => {
    expect(existsSync(join(site.dist, 'posts', 'draft-mdx'))).toBe(false);
    for (const file of site.files().filter((f) => /\.(html|xml|json|txt)$/u.test(f))) {
      expect(site.read(file), file).not.toContain('MDXDRAFTMARK');
      expect(site.read(file), file).not.toContain('下書きさん');
    }
  });

  it('reach the feed with their rendered HTML, and lists with a summary of their text', () => {
    const feed = site.read('rss.xml');
    const item = feed.split('<item>').find((i) => i.includes('/posts/mdx-post/'))!;
    expect(item).toBeDefined();
    expect(item).toContain('こんにちは、読者さん');
    expect(item).toMatch(/<description>[^<]*MDXの本文はここから始まり、行をまたいでも/);
    expect(item).not.toContain('import Greeting');
    expect(site.read('index.html')).toContain('MDXの本文はここから始まり');
  });

  it('are found by search', async () => {
    const hits = await searchSite(site.dist, 'MDXSEARCHMARK');
    expect(hits.map((h) => h.url)).toEqual(['/posts/mdx-post/']);
  });
});

describe('heroImage', () => {
  it('shows a local hero image, optimized, above the title', () => {
    const html = site.read('posts/hero/index.html');
    const hero = /<img[^>]*class="hero[^"]*"[^>]*>/u.exec(html)?.[0] ?? '';
    expect(hero).toMatch(/ alt(="")?[\s>]/u); // decorative: the title follows
    expect(hero).toMatch(/src="\/_astro\/[^"]+\.webp"/u);
    expect(hero).toMatch(/width="\d+"/);
    expect(html.indexOf(hero)).toBeLessThan(html.indexOf('<h1'));
  });

  it('warns, naming the post, when the file is missing, and builds without it', () => {
    expect(output).toContain('public-hero.md: heroImage "/media/missing.png" not found');
    expect(site.read('posts/public-hero/index.html')).not.toContain('class="hero');
  });
});

it('is a valid site', async () => {
  expect(await siteProblems(site.dist, ORIGIN)).toEqual([]);
});
