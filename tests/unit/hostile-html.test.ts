/**
 * Raw HTML in posts that would break the page around the post (issue 19, item 4) or run script on
 * the site's origin (item 12), rendered by the posts' processor and read as a browser reads the page
 * the post goes into. The page is a model of the post layout: header, the article's `.prose`, related
 * posts, post navigation and a footer with a form.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml } from 'satteri';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localMarkdown } from '../../src/markdown/processor.ts';
import { elementsWithAncestors, findElement, landmarks, parsePage, scriptRunners, textOf, wrappersOf } from '../helpers/page-structure.ts';
import { astroMarkdownSettings } from '../helpers/markdown-settings.ts';

const POST = 'src/content/posts/hostile.md';
const fileURL = pathToFileURL(join(process.cwd(), POST));
type Renderer = Awaited<ReturnType<ReturnType<typeof localMarkdown>['createRenderer']>>;
let renderer: Renderer;
beforeAll(async () => {
  const shared = astroMarkdownSettings;
  renderer = await localMarkdown().createRenderer(shared);
});

let warnings: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  warnings = [];
});
/** The post's HTML as the processor renders it, with the build's warnings kept in `warnings`. */
async function render(markdown: string): Promise<string> {
  vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(String(message)));
  return (await renderer.render(markdown, { fileURL, frontmatter: {} })).code;
}

/** The post layout around `post`, as the built page has it. */
function page(post: string): string {
  return `<!doctype html><html lang="ja"><head><title>t</title></head><body>
<header class="site-header"><nav class="site-nav"><a href="/">ノート</a></nav></header>
<main id="main" class="wrap"><article><header><h1>題</h1></header><div class="prose">${post}</div></article>
<section class="related"><h2>関連記事</h2><ul><li><a href="/posts/b/">b</a></li></ul></section>
<nav class="post-nav"><a class="older" href="/posts/c/">c</a></nav></main>
<footer class="site-footer"><form class="search" action="/search/"><input name="q"></form><p class="credit">© Author</p></footer>
</body></html>`;
}

const LANDMARKS = ['header.site-header', 'main.wrap', 'article', 'div.prose', 'section.related', 'nav.post-nav', 'footer.site-footer', 'form.search', 'p.credit'];
const INTACT = [
  'body>header.site-header',
  'body>main.wrap',
  'body>main.wrap>article',
  'body>main.wrap>article>div.prose',
  'body>main.wrap>section.related',
  'body>main.wrap>nav.post-nav',
  'body>footer.site-footer',
  'body>footer.site-footer>form.search',
  'body>footer.site-footer>p.credit',
];

/** Expects the page around `post` to have every landmark where the layout put it, its footer plain. */
function expectPageIntact(post: string): ReturnType<typeof parsePage> {
  const document = parsePage(page(post));
  expect(landmarks(document, LANDMARKS), post).toEqual(INTACT);
  expect(wrappersOf(document, 'p.credit'), post).toEqual([]);
  const body = [...elementsWithAncestors(document)].find(({ element }) => element.tagName === 'body')!.element;
  expect(body.attrs, post).toEqual([]);
  return document;
}

/** Whether the article shows a paragraph of exactly `text`, outside anything that hides it. */
function showsParagraph(document: ReturnType<typeof parsePage>, text: string): boolean {
  const prose = findElement(document, 'div.prose')!;
  return [...elementsWithAncestors(prose)].some(
    ({ element, ancestors }) =>
      element.tagName === 'p' &&
      element.namespaceURI === 'http://www.w3.org/1999/xhtml' &&
      textOf(element).trim() === text &&
      !ancestors.some((a) => ['template', 'select', 'iframe', 'noscript', 'svg', 'math', 'textarea'].includes(a.tagName)),
  );
}

/** The text of the article a reader sees: not in a script, a frame, a template, a form control or a drawing. */
function visibleText(document: ReturnType<typeof parsePage>): string {
  const HIDDEN = ['script', 'style', 'template', 'iframe', 'noscript', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'select', 'svg', 'math'];
  const prose = findElement(document, 'div.prose')!;
  const parts: string[] = [];
  const visit = (node: { childNodes?: unknown[] }) => {
    for (const child of (node.childNodes ?? []) as Array<{ nodeName: string; tagName?: string; value?: string; childNodes?: unknown[] }>) {
      if (child.nodeName === '#text') parts.push(child.value ?? '');
      else if (child.tagName && !HIDDEN.includes(child.tagName)) visit(child);
    }
  };
  visit(prose);
  return parts.join('');
}

const warned = (construct: string) => warnings.some((w) => w.includes(POST) && w.includes(construct));

describe('raw HTML left open (item 4) never breaks the page around the post', () => {
  it('an unclosed <!-- at the start of a line hides the rest of its block only, with a warning', async () => {
    const html = await render('前の段落\n\n<!-- あとで書く\n\n後の段落');
    expectPageIntact(html);
    expect(html).toContain('<p>前の段落</p>');
    expect(warned('<!-- あとで書く')).toBe(true);
  });

  it('an unclosed <!-- in a quote or a list ends with it', async () => {
    for (const md of ['> <!-- 引用のメモ\n\n後の段落', '- <!-- 項目のメモ\n\n後の段落']) {
      const document = expectPageIntact(await render(md));
      expect(showsParagraph(document, '後の段落'), md).toBe(true);
    }
  });

  it.each([
    ['an unclosed <iframe> block', '<iframe src="https://www.youtube.com/embed/x" width="560" height="315">', '<iframe'],
    ['an unclosed <iframe> in a paragraph', '動画 <iframe src="https://player.example.com/1"> です', '<iframe'],
    ['an unclosed <noscript>', '<noscript>\n<img src="https://example.com/p.gif">', '<noscript>'],
    ['a tag cut off by a blank line', '<div title="閉じない引用符', '<div title="'],
    ['an end tag cut off by a blank line', '<div>\n</', '</'],
  ])('%s: later paragraphs still show, with a warning', async (_, md, construct) => {
    const document = expectPageIntact(await render(`${md}\n\n後の段落`));
    expect(showsParagraph(document, '後の段落')).toBe(true);
    expect(warned(construct)).toBe(true);
  });

  it('keeps an <iframe> whose end tag comes in a later block', async () => {
    const html = await render('<iframe src="https://www.youtube.com/embed/x">\n\n</iframe>\n\n後の段落');
    const document = expectPageIntact(html);
    expect(showsParagraph(document, '後の段落')).toBe(true);
    expect(html).toContain('<iframe src="https://www.youtube.com/embed/x">');
  });

  it.each(['<textarea>', '<title>', '<style>', '<script>', '<xmp>', '<noembed>', '<noframes>', '<plaintext>'])(
    'an unclosed %s shows as text, and so does what follows',
    async (md) => {
      const document = expectPageIntact(await render(`${md}\n\n後の段落`));
      expect(visibleText(document)).toContain(`${md}`);
      expect(visibleText(document)).toContain('後の段落');
    },
  );

  it.each([
    ['<template>', '<template>\n\n中身'],
    ['<select>', '<select><option>一'],
    ['<svg>', '<svg viewBox="0 0 10 10">\n<circle r="1">'],
    ['<math>', '<math>\n<mi>x'],
    ['<table>', '<table><tr><td>セル'],
    ['<div>', '<div class="note">'],
    ['<a>', '<a href="https://example.com/">閉じないリンク'],
    ['<form>', '<form action="https://example.com/"><input name="x">'],
  ])('an unclosed %s at the end of the post is closed there, with a warning', async (construct, md) => {
    const document = expectPageIntact(await render(`前の段落\n\n${md}`));
    expect(showsParagraph(document, '前の段落')).toBe(true);
    const warning = warnings.find((w) => w.includes(POST) && w.includes('never closed: closed at the end of the post'));
    expect(warning, warnings.join('\n')).toContain(construct);
  });

  it('end tags that close nothing of the post cannot close the page’s elements', async () => {
    const document = expectPageIntact(await render('本文\n\n</div></article></main>\n\n後の段落'));
    expect(showsParagraph(document, '後の段落')).toBe(true);
    expect(warned('</div>, </article>, </main>')).toBe(true);
  });

  it('a <b> or a <form> closed by its parent does not carry on into the page', async () => {
    expectPageIntact(await render('<p><b>太字のまま</p>\n\n後の段落'));
    expectPageIntact(await render('<div><form action="/x/"><input name="y"></div>\n\n後の段落'));
  });
});

describe('raw HTML that could run script or change the page (item 12) is removed, with a warning', () => {
  it.each([
    ['srcdoc (whose &lt; the parser decodes again)', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', 'srcdoc of <iframe>'],
    ['srcdoc written with entities', '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', 'srcdoc of <iframe>'],
    ['an on* handler', '<img src="https://example.com/a.png" onerror="alert(1)">', 'onerror of <img>'],
    ['an on* handler in SVG', '<svg onload="alert(1)"><circle r="1"/></svg>', 'onload of <svg>'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', 'javascript: URL (href of <a>)'],
    ['a javascript: link with a tab entity', '<a href="jav&#x09;ascript:alert(1)">x</a>', 'javascript: URL (href of <a>)'],
    ['a javascript: link with a letter entity and spaces', '<a href=" &#106;aVaScRiPt:alert(1)">x</a>', 'javascript: URL (href of <a>)'],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>', 'vbscript: URL (href of <a>)'],
    ['a data:text/html link', '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', 'data: URL (href of <a>)'],
    ['a data:text/html frame', '<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>', 'data: URL (src of <iframe>)'],
    ['a javascript: frame', '<iframe src="javascript:alert(1)"></iframe>', 'javascript: URL (src of <iframe>)'],
    ['a javascript: form action', '<form action="javascript:alert(1)"><button>送信</button></form>', 'javascript: URL (action of <form>)'],
    ['a javascript: formaction', '<form action="/x/"><button formaction="javascript:alert(1)">送信</button></form>', 'javascript: URL (formaction of <button>)'],
    ['a javascript: xlink:href', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 'javascript: URL (xlink:href of <a>)'],
    ['an SVG animation of href', '<svg><a href="/x/"><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>', '<animate attributeName="href">'],
    ['<base href>', '<base href="https://evil.example/">', '<base>'],
    ['<meta http-equiv>', '<meta http-equiv="refresh" content="0;url=https://evil.example/">', '<meta>'],
    ['<object>', '<object data="https://evil.example/a.swf"></object>', '<object>'],
    ['<embed>', '<embed src="https://evil.example/a.swf">', '<embed>'],
    ['<link>', '<link rel="stylesheet" href="https://evil.example/a.css">', '<link>'],
    ['<body onload> (the page’s body would take it)', '<body onload="alert(1)">', '<body>'],
  ])('%s', async (_, raw, construct) => {
    const html = await render(`前の段落\n\n${raw}\n\n後の段落`);
    expect(scriptRunners(html)).toEqual([]);
    expectPageIntact(html);
    expect(warned(construct), warnings.join('\n')).toBe(true);
  });

  it('Markdown links, autolinks, references and images whose URL runs script keep only their text', async () => {
    const html = await render('[a](javascript:alert(1)) <javascript:alert(2)> [r][d] ![画像](javascript:alert(3))\n\n[d]: vbscript:msgbox(1)');
    expect(scriptRunners(html)).toEqual([]);
    expect(html).toContain('a');
    expect(html).toContain('画像');
    expect(warned('javascript: link')).toBe(true);
    expect(warned('vbscript: link definition')).toBe(true);
  });

  it('a complete external script is removed, the rest of the embed kept', async () => {
    const html = await render('<blockquote class="twitter-tweet"><p>hi</p></blockquote> <script async src="https://platform.twitter.com/widgets.js"></script>');
    expect(html.trim()).toBe('<blockquote class="twitter-tweet"><p>hi</p></blockquote>');
    expect(warned('removed 1 external <script>')).toBe(true);
  });

  it('keeps what imported blogs need, byte for byte', async () => {
    const md = [
      '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" title="YouTube" allow="autoplay; encrypted-media" allowfullscreen></iframe>',
      '<details><summary>続き</summary>\n\n中身の **Markdown**\n\n</details>',
      '<table><tr><th>a</th></tr><tr><td><span style="color: red">赤</span></td></tr></table>',
      '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="点"> <a href="mailto:a@example.com">メール</a> <a href="/posts/x/#見出し">内部</a></p>',
    ].join('\n\n');
    const html = await render(md);
    expect(warnings).toEqual([]);
    expect(scriptRunners(html)).toEqual([]);
    expect(html).toContain('<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" title="YouTube" allow="autoplay; encrypted-media" allowfullscreen></iframe>');
    expect(html).toContain('<details><summary>続き</summary>\n<p>中身の <strong>Markdown</strong></p>\n</details>');
    expect(html).toContain('<td><span style="color: red">赤</span></td>');
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="点"');
    expect(html).toContain('<a href="mailto:a@example.com">メール</a>');
  });
});

describe("rawHtml: 'trusted'", () => {
  /** The post rendered with the plugins and the containment of a site that trusts its posts' HTML. */
  async function renderTrusted(md: string): Promise<string> {
    const { rawHtmlPlugins, containRenderedPost } = await import('../../src/markdown/raw-html.ts');
    vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(String(message)));
    const { html } = markdownToHtml(md, { mdastPlugins: [rawHtmlPlugins('trusted')], fileURL });
    return containRenderedPost({ code: html }, md, fileURL, 'trusted').code;
  }

  it('keeps scripts, handlers and URLs as written', async () => {
    const html = await renderTrusted('<script>window.x = 1 < 2;</script>\n\n<button onclick="go()">押す</button> [a](javascript:void(0))');
    expect(html).toContain('<script>window.x = 1 < 2;</script>');
    expect(html).toContain('onclick="go()"');
    expect(html).toContain('href="javascript:void(0)"');
  });

  // `<script>`, `<style>`, `<textarea>` and `<!--` blocks run to their end tag, or to the end of the
  // post, in CommonMark: what follows is theirs.
  it.each(['<script>', '<style>', '<textarea>', '<!-- 閉じない', '<title>', '<xmp>', '<iframe src="https://example.com/">', '<noscript>', '<table><tr><td>', '<svg>', '</div></main>'])(
    'still never lets %s break the page',
    async (md) => {
      const document = expectPageIntact(await renderTrusted(`${md}\n\n後の段落`));
      if (!/^<(?:script|style|textarea|!--)/u.test(md)) expect(showsParagraph(document, '後の段落')).toBe(true);
    },
  );
});
