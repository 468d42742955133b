/**
 * The search pages' Chinese and Japanese words marked as the browser splits a query
 * (src/search/search-words.ts), and what Pagefind makes of them: exact phrases the browser's query finds,
 * titles and excerpts without the marks, and no ". " after a block that ends in Japanese.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../../src/search/search-integration.ts';
import { searchPage } from '../../src/search/search-pages.ts';
import { markSearchWords } from '../../src/search/search-words.ts';
import { searchSite } from '../helpers/pagefind.ts';

const ZWSP = '\u200B';
const IDEOGRAPHIC_SPACE = '\u3000';
/** The words ICU finds in `text`, as the browser splits a query. */
const icuWords = (text: string) => [...new Intl.Segmenter('ja', { granularity: 'word' }).segment(text)].map((s) => s.segment);

describe('markSearchWords', () => {
  it('puts a zero-width space at each of ICU’s word boundaries inside Japanese text', () => {
    const words = icuWords('表記ゆれを検出する');
    expect(words.length).toBeGreaterThan(2); // else this test tests nothing
    expect(markSearchWords('<p>prhで表記ゆれを検出する。</p>', 'ja')).toBe(`<p>prh${icuWords('で表記ゆれを検出する').join(ZWSP)}。</p>`);
  });

  it('leaves Latin text, markup, attributes and comments as they are', () => {
    const html = '<p class="a">Release notes of <a href="/技術書/" title="技術書">ESLint</a> v9.0.0</p><!-- 技術書 --><pre><code>const x = 1;</code></pre>';
    expect(markSearchWords(html, 'ja')).toBe(html);
    expect(markSearchWords('<img alt="技術書の表紙" src="/a.png"><p title=\'a>技術書\'>x</p>', 'ja')).toBe('<img alt="技術書の表紙" src="/a.png"><p title=\'a>技術書\'>x</p>');
  });

  it('ends a block whose text ends in Japanese with an ideographic space, through inline markup', () => {
    expect(markSearchWords('<h2>起きるか</h2>', 'ja')).toBe(`<h2>${icuWords('起きるか').join(ZWSP)}${IDEOGRAPHIC_SPACE}</h2>`);
    expect(markSearchWords('<li>項目 <code>設定</code> </li>', 'ja')).toBe(`<li>項目 <code>${icuWords('設定').join(ZWSP)}</code> ${IDEOGRAPHIC_SPACE}</li>`);
    // Once per block: the list that holds the item does not get a second one.
    expect(markSearchWords('<ul><li>項目</li></ul>', 'ja')).toBe(`<ul><li>項目${IDEOGRAPHIC_SPACE}</li></ul>`);
  });

  it('does not end a block that ends in Latin or in punctuation, or a block Pagefind does not end', () => {
    for (const html of ['<p>日本語のあとに English</p>', '<p>文です。</p>', '<p>本当？</p>', '<blockquote>引用</blockquote>', '<span>見出し</span>']) {
      expect(markSearchWords(html, 'ja').replaceAll(ZWSP, '')).toBe(html);
    }
  });
});

describe('a search index of marked pages', () => {
  const out = mkdtempSync(join(tmpdir(), 'search-words-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('keeps titles and excerpts free of the marks, with a space, not ". ", after a Japanese block', async () => {
    const post = {
      id: 'jpki',
      title: '署名用パスワードの再設定',
      lang: 'ja',
      date: '2023年5月10日',
      html: '<h2>何が起きるか</h2><p>署名用パスワードを五回間違えるとロックされる</p><h2>English heading</h2><p>最後の段落。</p>',
    };
    await writeSearchIndex([searchPage(post)], out, 'ja');
    const [hit, ...rest] = await searchSite(out, 'ロック');
    expect(rest).toEqual([]);
    expect(hit!.title).toBe('署名用パスワードの再設定');
    expect(hit!.content).not.toContain(ZWSP);
    expect(hit!.content).toContain('何が起きるか 署名用パスワードを五回間違えるとロックされる English heading. 最後の段落。');
    expect(hit!.excerpt.replace(/<\/?mark>/gu, '')).not.toMatch(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]\. /u);
  });
});
