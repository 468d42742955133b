import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { describe, expect, it } from 'vitest';
import { calloutKind, prepareContainers } from '../../src/markdown/containers.ts';
import { githubAlerts } from '../../src/markdown/github-alerts.ts';
import { contentsMarker, hasInlineContents } from '../../src/markdown/contents-marker.ts';
import { headings } from '../../src/markdown/headings.ts';
import { lineBreaks } from '../../src/markdown/line-breaks.ts';
import { absolutizeHtml } from '../../src/feeds/feed-items.ts';
import { htmlBeforeMore, htmlToText } from '../../src/blog/text.ts';

function render(markdown: string, frontmatter: Record<string, unknown> = {}): string {
  const lang = typeof frontmatter.lang === 'string' ? frontmatter.lang : 'ja';
  const { html } = markdownToHtml(prepareContainers(markdown, lang), {
    mdastPlugins: [lineBreaks, githubAlerts],
    hastPlugins: [headings, contentsMarker],
    features: { gfm: true, math: true },
    data: { astro: { frontmatter, headings: [], localImagePaths: new Set(), remoteImagePaths: new Set() } },
  }) as MarkdownToHtmlResult;
  return html.trim();
}

describe('callouts', () => {
  it.each([
    ['message', undefined, 'note'],
    ['message', 'alert', 'caution'],
    ['note', undefined, 'note'],
    ['note', 'info', 'note'],
    ['note', 'warn', 'warning'],
    ['note', 'alert', 'caution'],
    ['tip', undefined, 'tip'],
    ['danger', undefined, 'caution'],
    ['unknown', undefined, undefined],
  ])(':::%s %s is a %s callout', (name, modifier, kind) => expect(calloutKind(name, modifier)).toBe(kind));

  it('renders Zenn and Qiita containers with a title and Markdown inside', () => {
    const html = render(':::message alert\n**強調**と`code`\n:::\n\n:::note warn\n- 項目\n:::\n');
    expect(html).toContain('<div class="callout callout-caution" role="note"><p class="callout-title">警告</p>');
    expect(html).toContain('<strong>強調</strong>と<code>code</code>');
    expect(html).toContain('<div class="callout callout-warning" role="note"><p class="callout-title">注意</p>');
    expect(html).toContain('<li>項目</li>');
    expect(html).not.toContain(':::');
  });

  it('titles follow the post language, and a VitePress title is escaped', () => {
    expect(render(':::message\nx\n:::', { lang: 'en' })).toContain('<p class="callout-title">Note</p>');
    expect(render(':::tip <img src=x onerror=alert(1)>\nx\n:::')).toContain('<p class="callout-title">&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  it('nests by longer fences, in lists and quotes, and closes an unclosed one at the end', () => {
    const html = render('::::details 開く\n外\n:::message\n内\n:::\n::::\n\n- 項目\n  :::message\n  リスト内\n  :::\n\n> :::note\n> 引用内\n> :::\n\n:::message\n閉じ忘れ\n');
    expect(html).toMatch(/<details class="details"><summary>開く<\/summary>\s*<p>外<\/p>\s*<div class="callout callout-note"[^>]*><p class="callout-title">メモ<\/p>\s*<p>内<\/p>\s*<\/div>\s*<\/details>/u);
    expect(html).toMatch(/<li>[\s\S]*<div class="callout callout-note"[\s\S]*リスト内[\s\S]*<\/div>\s*<\/li>/u);
    expect(html).toMatch(/<blockquote>\s*<div class="callout callout-note"[\s\S]*引用内[\s\S]*<\/div>\s*<\/blockquote>/u);
    expect(html).toMatch(/閉じ忘れ<\/p>\s*<\/div>$/u);
    expect(html).not.toContain(':::');
  });

  it('leaves code, unknown names, stray closers and text with colons alone', () => {
    const source = '```md\n:::message\n```\n\n:::unknown\nx\n:::\n\n時刻は10:30です :smile:\n';
    expect(prepareContainers(source, 'ja')).toBe(source);
    const html = render(source);
    expect(html).toContain('<code class="language-md">:::message');
    expect(html).toContain(':::unknown');
    expect(html).toContain('時刻は10:30です :smile:');
  });

  it('keeps CRLF line ends', () => {
    expect(render(':::message\r\n本文\r\n:::\r\n')).toMatch(/callout-note[\s\S]*<p>本文<\/p>/u);
  });
});

describe('details', () => {
  it('is a real details element with the title as summary', () => {
    const html = render(':::details タイトル <b>\n中身 *強調*\n:::');
    expect(html).toMatch(/^<details class="details"><summary>タイトル &lt;b&gt;<\/summary>\s*<p>中身 <em>強調<\/em><\/p>\s*<\/details>$/u);
    expect(render(':::details\nx\n:::')).toContain('<summary>詳細</summary>');
  });
});

describe('GitHub alerts', () => {
  it.each(['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'])('[!%s] becomes a callout', (marker) => {
    const html = render(`> [!${marker}]\n> 本文 *です*\n> 二行目`);
    expect(html).toContain(`<div class="callout callout-${marker.toLowerCase()}" role="note"><p class="callout-title">`);
    expect(html).toContain('<p>本文 <em>です</em>二行目</p>');
    expect(html).not.toContain('[!');
    expect(html).not.toContain('<blockquote>');
  });

  it('keeps a blockquote whose marker has text after it, or is unknown', () => {
    expect(render('> [!NOTE] inline\n> x')).toContain('<blockquote>');
    expect(render('> [!FOO]\n> x')).toContain('[!FOO]');
  });
});

describe('breaks: true', () => {
  it('makes every line break a <br>, where the default joins Japanese lines', () => {
    expect(render('一行目\n二行目\nthird')).toBe('<p>一行目二行目\nthird</p>');
    expect(render('一行目\n二行目\nthird', { breaks: true })).toBe('<p>一行目<br>\n二行目<br>\nthird</p>');
    expect(render('`a\nb`\n```\nc\nd\n```', { breaks: true })).toContain('<code>a b</code>');
  });
});

describe('[:contents]', () => {
  it('places the table of contents of h2-h4 where the marker is', () => {
    const html = render('はじめに\n\n[:contents]\n\n## 手順\n\n### 準備\n\n## まとめ\n');
    expect(hasInlineContents(html)).toBe(true);
    expect(html).toMatch(/<nav class="toc" aria-label="目次" data-inline-toc="" data-pagefind-ignore=""><details open><summary>目次<\/summary><ol><li><a href="#手順">手順<\/a><ol><li><a href="#準備">準備<\/a><\/li><\/ol><\/li><li><a href="#まとめ">まとめ<\/a><\/li><\/ol><\/details><\/nav>/u);
    expect(html).not.toContain('[:contents]');
    expect(hasInlineContents(render('## a\n\n[:contents] です'))).toBe(false);
  });
});

describe('summaries and feeds of the constructs', () => {
  it('the summary keeps the text but not the callout title or the inline contents', () => {
    const html = render('[:contents]\n\n:::message\nお知らせです\n:::\n\n## 見出し\n');
    expect(htmlToText(html)).toBe('お知らせです 見出し');
  });

  it('the summary ends at <!-- more -->', () => {
    const html = render('前半です。\n\n<!-- more -->\n\n後半です。');
    expect(htmlToText(htmlBeforeMore(html)!)).toBe('前半です。');
    expect(htmlBeforeMore('<p>no marker</p>')).toBeUndefined();
  });

  it('feeds drop what is hidden from screen readers and what is only for the page', async () => {
    const html = '<p>a<span aria-hidden="true">visual</span><button data-feed="omit">load</button><span aria-hidden="false">kept</span></p>';
    expect(await absolutizeHtml(html, 'https://blog.example.com/posts/a/')).toBe('<p>a<span aria-hidden="false">kept</span></p>');
  });
});

describe('heading ids', () => {
  it('a heading of only symbols still gets a unique id to link to', () => {
    const html = render('#### `==`\n\n## ==\n\n## 2023年の記録\n');
    expect(html).toContain('<h4 id="section">');
    expect(html).toContain('<h2 id="section-1">');
    expect(html).toContain('<h2 id="2023年の記録">');
    expect(html).not.toContain('id=""');
  });
});

describe('containers the parser does not read as text', () => {
  it('are left alone in code however it is written, and later containers still work', () => {
    const source = '段落\n\n    :::message\n    indented code\n    :::\n\n- ```md\n  :::details タイトル\n  中身\n  :::\n  ```\n\n```js```はインラインです\n\n:::message\n後の本文\n:::\n';
    const html = render(source);
    expect(html).toContain(':::details タイトル');
    expect(html).toMatch(/<pre><code>:::message\nindented code\n:::/u);
    expect(html).not.toContain('&lt;div class="callout');
    expect(html).toMatch(/<div class="callout callout-note"[^>]*><p class="callout-title">メモ<\/p>\s*<p>後の本文<\/p>/u);
  });

  it('close only at the blockquote depth they opened at', () => {
    const html = render(':::message\n外\n> :::\n> 引用\n:::\n');
    expect(html).toMatch(/<div class="callout callout-note"[^>]*>[\s\S]*<blockquote>[\s\S]*<\/blockquote>\s*<\/div>$/u);
  });

  it('keep a title written after :::note or :::message', () => {
    expect(render(':::note 移行時の注意\nx\n:::')).toContain('<p class="callout-title">移行時の注意</p>');
    expect(render(':::note warn\nx\n:::')).toContain('<p class="callout-title">注意</p>');
  });
});

describe('summaries of math and details', () => {
  it('read an inline formula as its MathML text, skip display math, and keep a details title apart', async () => {
    const { math } = await import('../../src/markdown/math.ts');
    const html = (markdownToHtml('関数 $f(x)=x^2$ の最小値。\n\n$$\n\\frac{1}{2}\n$$\n', { mdastPlugins: [math], features: { math: true } }) as MarkdownToHtmlResult).html;
    expect(htmlToText(html)).toBe('関数 f(x)=x2 の最小値。');
    expect(htmlToText(render(':::details Answer\nbody\n:::'))).toBe('Answer body');
  });
});

describe('feeds, nested parts only for the page', () => {
  it('drop a hidden part inside another and keep every sibling', async () => {
    const html = '<div><p>a</p><span aria-hidden="true">x<span data-feed="omit">y</span></span><p>b</p><p>c</p></div>';
    expect(await absolutizeHtml(html, 'https://blog.example.com/posts/a/')).toBe('<div><p>a</p><p>b</p><p>c</p></div>');
  });
});
