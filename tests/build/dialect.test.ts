/**
 * Zenn, Qiita, GitHub and Hatena Markdown in a real build (the `dialect` fixture, with a committed
 * link-card store): every construct renders, the site validates, feeds carry plain HTML (MathML, links
 * instead of embeds), summaries carry text, a broken formula or diagram names its post, nothing on a
 * page asks another site for anything, and math CSS goes only with pages that have math.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteProblems } from '../helpers/validity.ts';
import { fixturePosts, makeSite, projectRoot, type Site } from '../helpers/site.ts';

const ORIGIN = 'https://blog.example.com';
let site: Site;
let output: string;
const body = (page: string) => {
  const html = site.read(page);
  return html.slice(html.indexOf('<div class="prose">'), html.indexOf('</article>'));
};
const post = (id: string) => body(`posts/${id}/index.html`);
const pages = () => site.files().filter((f) => f.endsWith('.html'));

beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('dialect'), settings: { url: ORIGIN } });
  copyFileSync(join(projectRoot, 'tests/fixtures/link-cards/link-cards.json'), join(site.dir, 'src/content/link-cards.json'));
  const build = await site.astro(['build']);
  output = build.output;
  if (build.code !== 0) throw new Error(`build failed:\n${build.output}`);
});
afterAll(() => site?.remove());

describe('the built site', () => {
  it('validates: html-validate, links, feeds and sitemap', async () => {
    expect(await siteProblems(site.dist, ORIGIN)).toEqual([]);
  });

  it('leaves no raw dialect on any page', () => {
    for (const id of ['containers', 'hatena', 'breaks', 'math', 'embeds', 'code', 'diagrams']) {
      const html = post(id).replace(/<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>|<annotation[\s\S]*?<\/annotation>/gu, '');
      expect(html, id).not.toMatch(/:::|@\[|\$\$|\[!NOTE\]|\[:contents\]|\^\[/u);
    }
  });

  it('no page loads anything from another site before the reader asks', () => {
    for (const page of pages()) {
      const html = site.read(page);
      expect(html, page).not.toMatch(/<iframe|<script[^>]+src=|<img[^>]+src="https?:/u);
      expect(html, page).not.toMatch(/<link[^>]+href="https?:\/\/(?!blog\.example\.com)/u);
    }
  });
});

describe('callouts, details, contents, breaks', () => {
  it('renders Zenn, Qiita and GitHub callouts and nested details', () => {
    const html = post('containers');
    expect(html).toContain('<div class="callout callout-note" role="note"><p class="callout-title">メモ</p>');
    expect(html).toContain('<div class="callout callout-caution" role="note">');
    expect(html).toContain('<div class="callout callout-warning" role="note">');
    expect(html).toContain('<div class="callout callout-tip" role="note">');
    expect(html).toMatch(/<details class="details"><summary>詳しく見る<\/summary>[\s\S]*入れ子のメッセージ[\s\S]*<\/details>/u);
    expect(html).toContain('時刻は10:30です。');
  });

  it('places the table of contents at [:contents] and not at the top as well', () => {
    const html = site.read('posts/hatena/index.html');
    expect(html.match(/<nav class="toc"/gu)).toHaveLength(1);
    expect(post('hatena')).toMatch(/最初の段落です。<\/p>\s*<nav class="toc"/u);
  });

  it('breaks: true keeps every line break', () => {
    expect(post('breaks')).toMatch(/一行目<br>\s*二行目<br>\s*三行目/u);
  });
});

describe('math', () => {
  it('typesets every syntax with KaTeX, Markdown rules never touching the TeX', () => {
    const html = post('math');
    expect(html.match(/class="katex"/gu)?.length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('<annotation encoding="application/x-tex" data-pagefind-ignore>a_{2^2} + b_{2^3}</annotation>');
    expect(html).toContain('<annotation encoding="application/x-tex" data-pagefind-ignore>x_1 * y_2</annotation>');
    expect(html).toContain('<annotation encoding="application/x-tex" data-pagefind-ignore>e^{i\\pi} = -1</annotation>');
    expect(html).toMatch(/f\(x\) &amp;= x\^2 \\\\\s*g\(x\)/u);
    expect(html).not.toMatch(/<em>\{2\^/u);
  });

  it('shows a formula that does not parse with its error, and names the post', () => {
    expect(post('math')).toMatch(/class="math-error"[\s\S]*\\frac\{1\}\{/u);
    expect(output).toMatch(/\[math\] src\/content\/posts\/math\.md: .*\\frac\{1\}\{/u);
  });

  it('sends the math stylesheet, self-hosted, only with pages that have math', () => {
    const link = '<link rel="stylesheet" href="/math/katex.min.css">';
    for (const page of pages()) expect(site.read(page).includes(link), page).toBe(page === 'posts/math/index.html');
    const css = site.read('math/katex.min.css');
    const fonts = [...css.matchAll(/url\(([^)]+)\)/gu)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(10);
    for (const font of fonts) {
      expect(font).toMatch(/\.woff2$/u);
      expect(site.files()).toContain(`math/${font}`);
    }
  });
});

describe('styles', () => {
  it('a post carries the styles of the constructs it uses and no others', () => {
    const styles = (id: string) => [...site.read(`posts/${id}/index.html`).matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gu)].map((m) => m[1]).join('');
    expect(styles('breaks')).not.toMatch(/\.callout|\.link-card|\.diagram|\.embed|\.image-figure|\.diff/u);
    expect(styles('embeds')).toMatch(/\.link-card/u);
    expect(styles('embeds')).not.toMatch(/\.diagram/u);
    expect(styles('diagrams')).toMatch(/\.diagram/u);
    expect(styles('containers')).toMatch(/\.callout/u);
    expect(styles('code')).toMatch(/\.image-figure/u);
  });
});

describe('diagrams', () => {
  it('draws mermaid as SVG, named for screen readers, with the source kept', () => {
    const html = post('diagrams');
    expect(html.match(/<figure class="diagram"/gu)?.length).toBe(3);
    expect(html).toMatch(/<svg[^>]+role="img"[^>]+aria-label="[^"]+"/u);
    expect(html).toContain('<summary>');
    expect(post('math')).toMatch(/<figure class="diagram"[\s\S]*記事を書く/u);
  });
});

describe('link cards and embeds', () => {
  it('renders a card from the store, escaped, and a plain card for a URL without an entry', () => {
    const html = post('embeds');
    expect(html).toContain('Astro でブログを作る "完全" ガイド');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('href="https://example.org/no-entry"');
    expect(html.match(/class="link-card[ "]/gu)?.length).toBe(3);
  });

  it('embeds show a link and a button that loads nothing until pressed', () => {
    const html = post('embeds');
    expect(html).toMatch(/<figure class="embed embed-youtube"[\s\S]*?href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ"/u);
    expect(html).toMatch(/data-embed-src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/u);
    expect(html).toMatch(/<figure class="embed embed-tweet"[\s\S]*?href="https:\/\/x\.com\/jack\/status\/20"/u);
    expect(site.read('posts/embeds/index.html')).toMatch(/<script[^>]*>[^<]*data-embed-src/u);
    expect(site.read('posts/code/index.html')).not.toContain('data-embed-src');
  });

  it('shows the lines of a GitHub permalink as highlighted code with a link', () => {
    const html = post('embeds');
    expect(html).toMatch(/<figure class="code-block"[\s\S]*withastro\/astro[\s\S]*import[\s\S]*node:fs/u);
  });
});

describe('code fences, images and footnotes', () => {
  it('names files, marks diffs and numbers lines', () => {
    const html = post('code');
    expect(html).toMatch(/<span class="code-title">src\/app\.js<\/span><span class="code-lang">js<\/span>/u);
    expect(html).toMatch(/class="line diff remove"/u);
    expect(html).toMatch(/class="line diff add"/u);
    expect(output).not.toMatch(/\[Shiki\]/u);
  });

  it('gives a Zenn-sized image its width, srcset and caption', () => {
    const html = post('code');
    const figure = /<figure class="image-figure">(<img [^>]*>)<figcaption>図1 キャプション<\/figcaption><\/figure>/u.exec(html);
    expect(figure, html).not.toBeNull();
    expect(figure![1]).toContain('width="250"');
    expect([...figure![1]!.matchAll(/\.webp (\d+)w/gu)].map((m) => Number(m[1]))).toContain(250);
  });

  it('numbers inline footnotes with the others', () => {
    const html = post('code');
    expect(html).toMatch(/インラインの脚注<sup><a href="#user-content-fn-inline-1"/u);
    expect(html).toMatch(/<li id="user-content-fn-inline-1">\s*<p>ここが脚注です/u);
    expect(html).toMatch(/<li id="user-content-fn-1">\s*<p>普通の脚注です/u);
  });
});

describe('hero images', () => {
  it('shows a hero image beside the post, optimized, above the title', () => {
    const html = site.read('posts/hero/index.html');
    const hero = /<article>(<img [^>]*>)<header>/u.exec(html)?.[1];
    expect(hero, html.slice(html.indexOf('<article>'), html.indexOf('<article>') + 400)).toBeDefined();
    expect(hero).toMatch(/class="hero"/u);
    expect(hero).toMatch(/ src="\/_astro\/pic\.[^"]+\.webp"/u);
    expect(hero).toMatch(/ alt[ >]| alt=""/u);
    expect(hero).toContain('sizes="(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"');
  });

  it('leaves a missing hero image out and names the post', () => {
    expect(site.read('posts/hero-missing/index.html')).not.toMatch(/class="hero/u);
    expect(output).toMatch(/\[images\] src\/content\/posts\/hero-missing\.md: heroImage "\/media\/no-such\.png" not found/u);
  });
});

describe('feeds and summaries', () => {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' });
  const items = () => parser.parse(site.read('rss.xml')).rss.channel.item as Array<Record<string, string>>;
  const item = (id: string) => items().find((i) => i.link === `${ORIGIN}/posts/${id}/`)!;

  it('feeds carry MathML and links, not the page-only parts', () => {
    const math = item('math')['content:encoded']!;
    expect(math).toContain('<math');
    expect(math).not.toContain('katex-html');
    const embeds = item('embeds')['content:encoded']!;
    expect(embeds).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(embeds).not.toMatch(/<button|data-embed-src/u);
    for (const i of items()) expect(i['content:encoded'], i.link).not.toMatch(/:::|@\[|\$\$/u);
  });

  it('feeds carry code as plain text under a readable caption, and no empty heading links', () => {
    const code = item('code')['content:encoded']!;
    expect(post('code')).toContain('var(--code-token-'); // the page colours code with the site's CSS
    expect(code).not.toMatch(/style=|--code-token|<span/u);
    expect(code).toContain("<figcaption><code>src/app.js</code> (js)</figcaption><pre><code>console.log('hello');</code></pre>");
    expect(code).toContain('<pre><code>-const a = 1;\n+const a = 2;\n const b = 3;</code></pre>');
    expect(post('diagrams')).toContain('class="heading-anchor"');
    for (const i of items()) expect(i['content:encoded'], i.link).not.toMatch(/--code-token|heading-anchor|code-title|code-lang/u);
  });

  it('summaries are text: no markup, and they end at <!-- more -->', () => {
    for (const i of items()) expect(i.description, i.link).not.toMatch(/:::|@\[|\$\$|[<>]|\\frac|メモ Zenn/u);
    expect(item('containers').description).toContain('Zenn のメッセージです。');
    expect(item('containers').description).toContain('時刻は10:30です。');
    expect(item('containers').description).not.toContain('要約に入らない');
  });
});
