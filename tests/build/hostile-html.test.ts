/**
 * Raw HTML in posts in a built site (issue 19, items 4 and 12): posts left open (a comment, a frame,
 * elements, stray end tags) keep the page's related posts, navigation and footer where the layout put
 * them, and a hostile post runs no script and changes nothing of its page or its feed item. The build
 * names each post and what was done.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElement, landmarks, parsePage, scriptRunners, textOf, wrappersOf, elementsWithAncestors } from '../helpers/page-structure.ts';
import { makeSite, post, type Site } from '../helpers/site.ts';

const fields = (title: string, date: string) => `title: ${title}\ndate: ${date}\npublished: true\ntags: [壊れたHTML]`;
const posts = {
  'hostile.md': post(
    fields('危ないHTML', '2024-01-05'),
    [
      '前の段落 HOSTILE_BEFORE',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
      '<img src="https://example.com/a.png" onerror="alert(2)" alt="">',
      '<a href="jav&#x09;ascript:alert(3)">リンク</a> [md](javascript:alert(4)) <a href="data:text/html,x">d</a>',
      '<base href="https://evil.example/">',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '<link rel="stylesheet" href="https://evil.example/a.css">',
      '<object data="https://evil.example/a.swf"></object>',
      '<embed src="https://evil.example/a.swf">',
      '<form action="/search/"><button formaction="javascript:alert(5)">送信</button></form>',
      '<svg><a xlink:href="javascript:alert(6)"><text>x</text></a><animate attributeName="href" values="javascript:alert(7)"/></svg>',
      '<body onload="alert(8)">',
      '<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>',
      '<details><summary>続き</summary>\n\n中身 DETAILS_BODY\n\n</details>',
      '後の段落 HOSTILE_AFTER',
    ].join('\n\n'),
  ),
  'unclosed-comment.md': post(fields('閉じないコメント', '2024-01-04'), '前の段落 COMMENT_BEFORE\n\n<!-- あとで書く\n\nコメントの中の段落'),
  'unclosed-iframe.md': post(fields('閉じないiframe', '2024-01-03'), '<iframe src="https://www.youtube.com/embed/abc">\n\n後の段落 IFRAME_AFTER'),
  'open-elements.md': post(fields('閉じない要素', '2024-01-02'), '<div class="box">\n\n本文 OPEN_TEXT\n\n</div></article></main>\n\n<table><tr><td>セル OPEN_CELL'),
  'plain.md': post(fields('普通の記事', '2024-01-01'), '普通の本文。'),
};

let site: Site;
let output = '';
beforeAll(async () => {
  site = makeSite({ posts });
  const build = await site.astro(['build']);
  output = build.output;
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => site?.remove());

const LANDMARKS = ['header.site-header', 'nav.site-nav', 'main.wrap', 'article', 'div.prose', 'section.related', 'nav.post-nav', 'footer.site-footer'];
const INTACT = [
  'body>header.site-header',
  'body>header.site-header>nav.site-nav',
  'body>main.wrap',
  'body>main.wrap>article',
  'body>main.wrap>article>div.prose',
  'body>main.wrap>section.related',
  'body>main.wrap>nav.post-nav',
  'body>footer.site-footer',
];

function builtPage(slug: string) {
  return parsePage(site.read(`posts/${slug}/index.html`));
}

/** Whether the post's `.prose` shows `text` in a paragraph of its own (not in a frame, comment or template). */
function showsParagraph(document: ReturnType<typeof parsePage>, text: string): boolean {
  return [...elementsWithAncestors(findElement(document, 'div.prose')!)].some(
    ({ element, ancestors }) => element.tagName === 'p' && textOf(element).includes(text) && !ancestors.some((a) => ['template', 'iframe', 'noscript', 'svg', 'math', 'select'].includes(a.tagName)),
  );
}

describe('posts whose raw HTML is left open', () => {
  it.each(['unclosed-comment', 'unclosed-iframe', 'open-elements', 'hostile'])('%s: the related posts, the post navigation and the footer stay after the article', (slug) => {
    const document = builtPage(slug);
    expect(landmarks(document, LANDMARKS)).toEqual(INTACT);
    expect(wrappersOf(document, 'footer.site-footer')).toEqual([]);
    expect(textOf(findElement(document, 'section.related')!)).toContain('普通の記事');
  });

  it('an unclosed comment hides the rest of its block only; an unclosed frame hides nothing', () => {
    expect(showsParagraph(builtPage('unclosed-comment'), 'COMMENT_BEFORE')).toBe(true);
    expect(showsParagraph(builtPage('unclosed-iframe'), 'IFRAME_AFTER')).toBe(true);
    const open = builtPage('open-elements');
    expect(showsParagraph(open, 'OPEN_TEXT')).toBe(true);
    expect(textOf(findElement(open, 'div.prose')!)).toContain('OPEN_CELL');
  });

  it('are named in the build output with what was done', () => {
    expect(output).toMatch(/\[html\] src\/content\/posts\/unclosed-comment\.md: <!-- あとで書く never closed/u);
    expect(output).toMatch(/\[html\] src\/content\/posts\/unclosed-iframe\.md: <iframe src="https:\/\/www\.youtube\.com\/emb\S* never closed/u);
    expect(output).toMatch(/\[html\] src\/content\/posts\/open-elements\.md: <table> never closed: closed at the end of the post/u);
    expect(output).toMatch(/\[html\] src\/content\/posts\/open-elements\.md: <\/article>, <\/main> closed or opened nothing/u);
  });
});

describe('a post whose raw HTML could run script or change its page', () => {
  it('runs nothing on its page and keeps what is harmless', () => {
    const document = builtPage('hostile');
    const prose = findElement(document, 'div.prose')!;
    expect(scriptRunners(prose)).toEqual([]);
    const body = [...elementsWithAncestors(document)].find(({ element }) => element.tagName === 'body')!.element;
    expect(body.attrs.map((a) => a.name)).not.toContain('onload');
    const tags = [...elementsWithAncestors(document)].map(({ element }) => element.tagName);
    expect(tags).not.toContain('base');
    expect(tags).not.toContain('object');
    expect(site.read('posts/hostile/index.html')).not.toMatch(/http-equiv|evil\.example|alert\(/u);
    const text = textOf(prose);
    expect(text).toContain('HOSTILE_BEFORE');
    expect(text).toContain('HOSTILE_AFTER');
    expect(text).toContain('DETAILS_BODY');
    expect(site.read('posts/hostile/index.html')).toContain('src="https://www.youtube.com/embed/abc"');
  });

  it('runs nothing in its feed item either', () => {
    const items = new XMLParser({ isArray: (name) => name === 'item' }).parse(site.read('rss.xml')).rss.channel.item as Array<Record<string, string>>;
    const hostile = items.find((item) => item.title === '危ないHTML')!;
    expect(hostile['content:encoded']).toContain('HOSTILE_AFTER');
    for (const item of items) expect(scriptRunners(item['content:encoded']!), item.title).toEqual([]);
    expect(site.read('rss.xml')).not.toMatch(/evil\.example|alert\(/u);
  });

  it('is named in the build output with each construct removed', () => {
    const lines = output.split('\n').filter((line) => line.includes('[html] src/content/posts/hostile.md'));
    const said = lines.join('\n');
    for (const construct of ['srcdoc of <iframe>', 'onerror of <img>', 'javascript: URL (href of <a>)', 'data: URL (href of <a>)', '<base>', '<meta>', '<link>', '<object>', '<embed>', 'javascript: URL (formaction of <button>)', 'javascript: URL (xlink:href of <a>)', '<animate attributeName="href">', '<body>', 'javascript: link']) {
      expect(said, construct).toContain(construct);
    }
  });
});
