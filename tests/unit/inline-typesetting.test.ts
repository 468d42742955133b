/**
 * Inline typesetting of mixed Japanese and Latin text: short hyphenated words kept whole
 * (src/typesetting/hyphenated-words.ts, src/markdown/hyphenated-words.ts) and CJK emphasis set with emphasis
 * marks (src/markdown/emphasis-marks.ts). The text is never changed, only wrapped.
 */
import type { satteri } from '@astrojs/markdown-satteri';
import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { splitHyphenatedWords } from '../../src/typesetting/hyphenated-words.ts';
import { emphasisMarks } from '../../src/markdown/emphasis-marks.ts';
import { headings } from '../../src/markdown/headings.ts';
import { hyphenatedWords } from '../../src/markdown/hyphenated-words.ts';
import { localMarkdown } from '../../src/markdown/processor.ts';

const kept = (text: string) => splitHyphenatedWords(text).filter((piece) => piece.keep).map((piece) => piece.text);
// The plugins may be asynchronous as far as the types know: the result is awaited.
const render = async (markdown: string) => (await markdownToHtml(markdown, { hastPlugins: [headings, hyphenatedWords, emphasisMarks] })).html.trim();
const textOf = (html: string) => html.replace(/<[^>]+>/gu, '');

describe('short hyphenated words', () => {
  it.each([
    ['e-Taxで申告した', ['e-Tax']],
    ['Wi-Fi と x86-64 と UTF-8', ['Wi-Fi', 'x86-64', 'UTF-8']],
    ['(ISO-2022-JP)。', ['ISO-2022-JP']],
    ['I use Wi-Fi.', ['Wi-Fi']],
    ['2024-03-01に', ['2024-03-01']],
    ['ab-cdefghijk は十二文字', ['ab-cdefghijk']],
  ])('%s keeps %j whole', (text, words) => expect(kept(text)).toEqual(words));

  it.each([
    ['docker-compose を入れる', 'longer than twelve characters: it may break at its hyphen'],
    ['https://e-tax.nta.go.jp/a-b', 'part of an address'],
    ['src/foo-bar.ts', 'part of a path'],
    ['user@e-tax.example', 'part of an e-mail address'],
    ['snake_case-name', 'joined to other word characters'],
    ['ハイフン - で区切る', 'a hyphen between spaces'],
    ['-flag と trailing-', 'a hyphen at either end'],
  ])('%s keeps nothing (%s)', (text) => expect(kept(text)).toEqual([]));

  it('cuts text into pieces that join back to it', () => {
    for (const text of ['e-Taxで申告した', 'a-b c-d e', '前 Wi-Fi 後', '']) {
      expect(splitHyphenatedWords(text).map((piece) => piece.text).join('')).toBe(text);
    }
  });

  it('are wrapped in posts, in body text, emphasis and headings, never in code', async () => {
    expect(await render('**e-Tax**で申告。Wi-Fi と `x86-64`')).toBe(
      '<p><strong><span class="keep-word">e-Tax</span></strong>で申告。<span class="keep-word">Wi-Fi</span> と <code>x86-64</code></p>',
    );
    const heading = await render('## e-Taxの準備');
    expect(heading).toContain('<span class="keep-word">e-Tax</span>');
    // The heading's id and link name read the text as written.
    expect(heading).toContain('id="e-taxの準備"');
    expect(heading).toContain('aria-label="見出し「e-Taxの準備」へのリンク"');
    expect(await render('```\ne-Tax\n```')).not.toContain('keep-word');
    expect(await render('[e-Tax](https://e-tax.nta.go.jp/) https://e-tax.nta.go.jp/a-b')).toBe(
      '<p><a href="https://e-tax.nta.go.jp/"><span class="keep-word">e-Tax</span></a> <a href="https://e-tax.nta.go.jp/a-b">https://e-tax.nta.go.jp/a-b</a></p>',
    );
  });
});

describe('CJK emphasis', () => {
  it('marks CJK runs and leaves Latin runs in italics', async () => {
    expect(await render('*斜体の日本語*と *English italic* と *混在 mixed 強調*')).toBe(
      '<p><em><span class="emphasis-marks">斜体の日本語</span></em>と <em>English italic</em> と ' +
        '<em><span class="emphasis-marks">混在</span> mixed <span class="emphasis-marks">強調</span></em></p>',
    );
  });

  it('reaches into links and nested strong emphasis, not into code, and keeps the text', async () => {
    const html = await render('*[リンク](https://a.example)の**強い**強調* と *`コード`だ*');
    expect(html).toBe(
      '<p><em><a href="https://a.example"><span class="emphasis-marks">リンク</span></a><span class="emphasis-marks">の</span>' +
        '<strong><span class="emphasis-marks">強い</span></strong><span class="emphasis-marks">強調</span></em> と ' +
        '<em><code>コード</code><span class="emphasis-marks">だ</span></em></p>',
    );
    expect(textOf(html)).toBe('リンクの強い強調 と コードだ');
  });

  it('covers kana marks, punctuation and fullwidth forms, and Korean', async () => {
    expect(await render('*「ソース」々ー！*')).toBe('<p><em><span class="emphasis-marks">「ソース」々ー！</span></em></p>');
    expect(await render('*한국어*')).toBe('<p><em><span class="emphasis-marks">한국어</span></em></p>');
  });

  it('leave strong emphasis and posts without emphasis alone', async () => {
    expect(await render('**強調**')).toBe('<p><strong>強調</strong></p>');
    expect(await render('日本語だけ')).toBe('<p>日本語だけ</p>');
  });
});

describe('the posts processor', () => {
  const shared = {
    syntaxHighlight: false,
    shikiConfig: { langs: [], theme: 'github-dark', themes: {}, wrap: false, transformers: [], langAlias: {} },
    gfm: true,
    smartypants: true,
  } as unknown as Parameters<ReturnType<typeof satteri>['createRenderer']>[0];

  it('wraps hyphenated words and CJK emphasis in posts', async () => {
    const posts = await localMarkdown().createRenderer(shared);
    const { code } = await posts.render('*強調*と e-Tax\n\n## Wi-Fiの設定\n');
    expect(code).toContain('<em><span class="emphasis-marks">強調</span></em>と <span class="keep-word">e-Tax</span>');
    expect(code).toMatch(/<h2 id="wi-fiの設定"><span class="keep-word">Wi-Fi<\/span>の/u);
  });
});
