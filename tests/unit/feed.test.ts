/**
 * Post HTML as feeds carry it (src/feeds/feed-html.ts, src/feeds/feed-items.ts): parsed as a browser parses it,
 * URLs absolute, code as plain text, the parts only for the page left out. Code blocks and headings
 * come from the posts' own Markdown processor, so the markup is what posts really have.
 */
import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeText } from '../../src/blog/escape.ts';
import { absolutizeHtml, feedContent, xmlSafe } from '../../src/feeds/feed-items.ts';
import { feedHtml } from '../../src/feeds/feed-html.ts';
import { parseSrcset, rewriteSrcset } from '../../src/feeds/srcset.ts';
import { postRenderer } from '../helpers/markdown-settings.ts';

/** A post's body as its page has it. */
const render = await postRenderer();

const page = 'https://blog.example.com/posts/2022/a/';

// Reading the feed's HTML back as a feed reader's parser does.
type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;
const isElement = (n: Node): n is Element => 'tagName' in n;
function elements(html: string, tagName: string): Element[] {
  const found: Element[] = [];
  const visit = (nodes: Node[]) => {
    for (const n of nodes) {
      if (!isElement(n)) continue;
      if (n.tagName === tagName) found.push(n);
      visit(n.childNodes);
    }
  };
  visit(parseFragment(html).childNodes);
  return found;
}
const attrs = (e: Element) => Object.fromEntries(e.attrs.map((a) => [a.name, a.value]));
const text = (n: Node): string => ('value' in n ? n.value : isElement(n) ? n.childNodes.map(text).join('') : '');

describe('absolutizeHtml', () => {
  it('makes links, images, srcset and fragments absolute', async () => {
    const html =
      '<p><a href="/posts/b/">b</a> <a href="../c/">c</a> <a href="#fn1">1</a> <a href="https://x.example/">x</a>' +
      '<img src="/_astro/i.webp" srcset="/_astro/i-1.webp 1x, /_astro/i-2.webp 2x" alt=""></p>';
    const out = await absolutizeHtml(html, page);
    expect(out).toContain('href="https://blog.example.com/posts/b/"');
    expect(out).toContain('href="https://blog.example.com/posts/2022/c/"');
    expect(out).toContain('href="https://blog.example.com/posts/2022/a/#fn1"');
    expect(out).toContain('href="https://x.example/"');
    expect(out).toContain('src="https://blog.example.com/_astro/i.webp"');
    expect(out).toContain('srcset="https://blog.example.com/_astro/i-1.webp 1x, https://blog.example.com/_astro/i-2.webp 2x"');
  });

  it('leaves text that looks like a link alone', async () => {
    const html = '<pre><code>&lt;a href="/x"&gt;</code></pre>';
    expect(await absolutizeHtml(html, page)).toBe(html);
  });
});

describe('feed HTML: attributes come through whole', () => {
  it('unquoted attributes keep their values, URLs resolved', () => {
    const out = feedHtml('<p><img src=photo.png width=300 alt=写真> <a href=https://example.com/a>a</a> <a href=../b/>b</a></p>', page);
    const [img] = elements(out, 'img');
    expect(attrs(img!)).toEqual({ src: `${page}photo.png`, width: '300', alt: '写真' });
    expect(elements(out, 'a').map((a) => attrs(a).href)).toEqual(['https://example.com/a', 'https://blog.example.com/posts/2022/b/']);
  });

  it('a `>` in a link title (Markdown `[x](url "a > b")`) stays in the title, escaped', async () => {
    const body = await render('[x](https://e.com/page "a > b") の後');
    expect(body).toContain('title="a > b"'); // as the page has it
    const out = feedHtml(body, page);
    expect(out).toBe('<p><a href="https://e.com/page" title="a &gt; b">x</a> の後</p>\n');
    expect(out).not.toContain('> b"'); // the title is not cut at its `>`
    const [a] = elements(out, 'a');
    expect(attrs(a!)).toEqual({ href: 'https://e.com/page', title: 'a > b' });
    expect(text(a!)).toBe('x');
  });

  it('text and attributes that need escaping stay escaped, and the output parses back to itself', () => {
    const html = '<p title="&quot;引用&quot; &amp; more" data-x=\'say "hi"\'>a &lt;b&gt; &amp;amp; c&nbsp;d</p><pre>\n\nstarts with a blank line</pre>';
    const out = feedHtml(html, page);
    expect(out).toBe('<p title="&quot;引用&quot; &amp; more" data-x="say &quot;hi&quot;">a &lt;b&gt; &amp;amp; c&nbsp;d</p><pre>\n\nstarts with a blank line</pre>');
    expect(text(elements(out, 'pre')[0]!)).toBe('\nstarts with a blank line');
    expect(feedHtml(out, page)).toBe(out);
  });
});

describe('feed HTML: URLs', () => {
  it('resolves every URL attribute against the post, srcset candidate by candidate', () => {
    const html =
      '<video src="v.mp4" poster="./poster.jpg"><source src="/media/v.webm" type="video/webm"></video>' +
      '<picture><source srcset="a.avif 1x,b.avif 2x"><img src="a.png" srcset="https://cdn.example/w_300,h_200/a.png 300w, ../a-600.png 600w" sizes="50vw"></picture>' +
      '<blockquote cite="/sources/1">q</blockquote><object data="doc.pdf"></object><a href="">self</a> <a href="?q=1#x">query</a> <a href="mailto:a@example.com">mail</a>';
    const out = feedHtml(html, page);
    expect(attrs(elements(out, 'video')[0]!)).toEqual({ src: `${page}v.mp4`, poster: `${page}poster.jpg` });
    const [webm, avif] = elements(out, 'source');
    expect(attrs(webm!).src).toBe('https://blog.example.com/media/v.webm');
    expect(attrs(avif!).srcset).toBe(`${page}a.avif 1x, ${page}b.avif 2x`);
    const img = attrs(elements(out, 'img')[0]!);
    expect(img.src).toBe(`${page}a.png`);
    // A comma inside a URL is part of it (image CDNs write them).
    expect(img.srcset).toBe('https://cdn.example/w_300,h_200/a.png 300w, https://blog.example.com/posts/2022/a-600.png 600w');
    expect(img.sizes).toBe('50vw');
    expect(attrs(elements(out, 'blockquote')[0]!).cite).toBe('https://blog.example.com/sources/1');
    expect(attrs(elements(out, 'object')[0]!).data).toBe(`${page}doc.pdf`);
    expect(elements(out, 'a').map((a) => attrs(a).href)).toEqual([page, `${page}?q=1#x`, 'mailto:a@example.com']);
  });

  it('puts URLs written from the site root under the base path, once', () => {
    const post = 'https://user.github.io/blog/posts/a/';
    const out = feedHtml('<a href="/posts/b/">b</a><img src="/blog/_astro/i.webp" srcset="/media/i.png 1x, /blog/media/i2.png 2x"><a href="//cdn.example/x">cdn</a><a href="c/">c</a>', post, '/blog/');
    expect(elements(out, 'a').map((a) => attrs(a).href)).toEqual(['https://user.github.io/blog/posts/b/', 'https://cdn.example/x', `${post}c/`]);
    expect(attrs(elements(out, 'img')[0]!)).toEqual({
      src: 'https://user.github.io/blog/_astro/i.webp',
      srcset: 'https://user.github.io/blog/media/i.png 1x, https://user.github.io/blog/media/i2.png 2x',
    });
  });

  it('resolves links out of an SVG but not references inside it', () => {
    const out = feedHtml('<svg><a href="/x"><text>t</text></a><use href="#shape"></use><image href="i.png"></image></svg>', page);
    expect(out).toBe(`<svg><a href="https://blog.example.com/x"><text>t</text></a><use href="#shape"></use><image href="${page}i.png"></image></svg>`);
  });

  it('leaves alone what is not a URL a browser could follow', () => {
    expect(feedHtml('<a href="http://[not a host">x</a>', page)).toBe('<a href="http://[not a host">x</a>');
  });
});

describe('feed HTML: code blocks', () => {
  it("carry plain text: no shiki spans, no styles, no CSS variables", async () => {
    const source = 'const a: number = 1 < 2 ? 3 : 4;\nconsole.log(`${a}`);';
    const body = await render(`\`\`\`ts\n${source}\n\`\`\`\n`);
    expect(body).toContain('var(--code-token-'); // the page colours tokens with the site's CSS
    const out = feedHtml(body, page);
    expect(out).not.toMatch(/style=|--code-|<span|tabindex|data-language/u);
    const [pre] = elements(out, 'pre');
    expect(out).toContain('<pre><code>const a: number = 1 &lt; 2 ? 3 : 4;\nconsole.log(`${a}`);</code></pre>');
    expect(text(pre!)).toBe(source);
  });

  it('keep diff marks and leave line numbers to the page', async () => {
    const body = await render('```diff js showLineNumbers\n-const a = 1;\n+const a = 2;\n const b = 3;\n```\n');
    const out = feedHtml(body, page);
    expect(out).not.toMatch(/style=|<span|counter-reset/u);
    expect(text(elements(out, 'pre')[0]!)).toBe('-const a = 1;\n+const a = 2;\n const b = 3;');
  });

  it('keep an author\'s links and a language class, and nothing else of the page\'s styling', () => {
    const out = feedHtml('<pre class="x" style="color:red" data-n="1"><code class="language-sh hl"><span class="c">$ </span><a href="run.sh">run</a></code></pre>', page);
    expect(out).toBe(`<pre><code class="language-sh">$ <a href="${page}run.sh">run</a></code></pre>`);
  });

  it('show the file name and the language apart, the name as code', async () => {
    const body = await render('```ts:src/content.config.ts\nexport {};\n```\n\n```js\nx;\n```\n\n```\nplain\n```\n');
    expect(body).toContain('<span class="code-title">src/content.config.ts</span><span class="code-lang">ts</span>'); // as the page has it
    const out = feedHtml(body, page);
    const captions = elements(out, 'figcaption');
    expect(captions.map(text)).toEqual(['src/content.config.ts (ts)', 'js']);
    expect(out).toContain('<figcaption><code>src/content.config.ts</code> (ts)</figcaption>');
    expect(out).not.toMatch(/code-title|code-lang/u);
    expect(elements(out, 'figure')).toHaveLength(3);
  });

  it('keep a title that links to its source (a GitHub permalink) a link', () => {
    const html =
      '<figure class="code-block"><figcaption><a class="code-title" href="https://github.com/o/r/blob/abc/a.ts#L1-L2">o/r/a.ts#L1-L2</a><span class="code-lang">ts</span></figcaption><pre><code>a</code></pre></figure>';
    expect(feedHtml(html, page)).toBe(
      '<figure class="code-block"><figcaption><a href="https://github.com/o/r/blob/abc/a.ts#L1-L2"><code>o/r/a.ts#L1-L2</code></a> (ts)</figcaption><pre><code>a</code></pre></figure>',
    );
  });
});

describe('feed HTML: links with nothing in them', () => {
  it("drops headings' anchor links, keeps the heading and every other link", async () => {
    const body = await render('## 手順\n\n### Next step\n\n本文[^1]と[リンク](/posts/b/)。\n\n[![図](https://e.com/i.png)](https://e.com/)\n\n[^1]: 注。\n');
    expect(body).toContain('class="heading-anchor"'); // as the page has it
    const out = feedHtml(body, page);
    expect(out).not.toContain('heading-anchor');
    expect(out).toContain('<h2 id="手順">手順</h2>');
    expect(out).toContain('<h3 id="next-step">Next step</h3>');
    const hrefs = elements(out, 'a').map((a) => attrs(a).href);
    expect(hrefs).toEqual([`${page}#user-content-fn-1`, 'https://blog.example.com/posts/b/', 'https://e.com/', `${page}#user-content-fnref-1`]);
  });

  it('drops a link left empty once its hidden icon is gone, a name anchor, and templates (nothing shows them)', () => {
    const out = feedHtml('<h2>T<a href="#t"><svg aria-hidden="true"><path d="M0"></path></svg></a></h2><p><a name="old"></a> <a href="#x"> </a>text</p><template><a href="x">t</a></template>', page);
    expect(out).toBe('<h2>T</h2><p> text</p>');
  });
});

describe('feed HTML: the same input, the same output', () => {
  it('is byte-identical for identical input and stable when made again', async () => {
    const body = await render('## 見出し\n\n```ts:a.ts\nconst a = 1;\n```\n\n![図](./i.png)\n\n[x](https://e.com "a > b")\n');
    const once = feedHtml(body, page);
    expect(feedHtml(body, page)).toBe(once);
    expect(feedHtml(once, page)).toBe(once);
  });

  it('feedContent also drops the characters XML cannot carry', () => {
    expect(feedContent('<p>a\u000Bb <a href="c">c</a></p>', page, '/')).toBe(`<p>ab <a href="${page}c">c</a></p>`);
  });
});

describe('srcset', () => {
  it('reads candidates as the HTML standard does', () => {
    expect(parseSrcset(' a.png 1x ,\n b.png   2x')).toEqual([
      { url: 'a.png', descriptors: '1x' },
      { url: 'b.png', descriptors: '2x' },
    ]);
    expect(parseSrcset('a,b.png 300w, c.png')).toEqual([
      { url: 'a,b.png', descriptors: '300w' },
      { url: 'c.png', descriptors: '' },
    ]);
    // A URL ending in a comma ends its candidate; commas inside parentheses are the descriptor's.
    expect(parseSrcset('a.png,b.png 2x')).toEqual([{ url: 'a.png,b.png', descriptors: '2x' }]);
    expect(parseSrcset('a.png, b.png (x, y) 2x, c.png')).toEqual([
      { url: 'a.png', descriptors: '' },
      { url: 'b.png', descriptors: '(x, y) 2x' },
      { url: 'c.png', descriptors: '' },
    ]);
    expect(parseSrcset('x.png,, ,y.png')).toEqual([
      { url: 'x.png', descriptors: '' },
      { url: 'y.png', descriptors: '' },
    ]);
    expect(parseSrcset('  ')).toEqual([]);
  });

  it('rewrites each URL and writes the candidates back', () => {
    expect(rewriteSrcset('a.png 1x, b.png 2x', (u) => `/x/${u}`)).toBe('/x/a.png 1x, /x/b.png 2x');
  });
});

describe('xmlSafe', () => {
  it('drops characters XML cannot carry and keeps everything else', () => {
    expect(xmlSafe('a\u000Bb\u0000c\td\ne\r𠮷\uFFFF')).toBe('abc\td\ne\r𠮷');
    expect(xmlSafe('lone \uD800 surrogate \uDC00')).toBe('lone  surrogate ');
    expect(xmlSafe('日本語、English & <tags>')).toBe('日本語、English & <tags>');
  });
});

describe('escapeHtml', () => {
  it('escapes what could end text or a quoted attribute, in HTML and XML alike', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('日本語 plain')).toBe('日本語 plain');
    expect(escapeText(`date: "x" & <y>`)).toBe('date: "x" &amp; &lt;y&gt;');
  });
});
