import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { prepareCjkEmphasis, removeEmphasisSentinels, SENTINEL } from '../../src/markdown/cjk-emphasis.ts';
import { cjkLineBreaks } from '../../src/markdown/cjk-line-breaks.ts';
import { isCjk, isHangul, isWide, isWidePunctuation, joinCjkLines, joinsWithoutSpace } from '../../src/typesetting/east-asian-width.ts';

const cp = (s: string) => s.codePointAt(0)!;
function render(markdown: string): string {
  const { html } = markdownToHtml(prepareCjkEmphasis(markdown), {
    mdastPlugins: [removeEmphasisSentinels, cjkLineBreaks],
  });
  return html.trim();
}

describe('East Asian Width', () => {
  it.each(['漢', 'ひ', 'カ', '。', '、', '「', '）', '！', 'Ａ', '𠮷', '한'])('%s is wide', (c) => expect(isWide(cp(c))).toBe(true));
  it.each(['a', 'Z', '1', '.', ' ', 'ｶ', 'é'])('%s is not wide', (c) => expect(isWide(cp(c))).toBe(false));
  // Unicode's own data, not a hand-made table: emoji drawn as text by default (🌡 U+1F321) are narrow,
  // the Yijing hexagrams (䷀ U+4DC0) wide since Unicode 16, circled numbers on black (㉈ U+3248) ambiguous.
  it.each(['䷀', '😀', '🈁'])('%s is wide, as Unicode says', (c) => expect(isWide(cp(c))).toBe(true));
  it.each(['🌡', '㉈', '①', '…'])('%s is not wide (narrow or ambiguous)', (c) => expect(isWide(cp(c))).toBe(false));

  it('tells Hangul by script, enclosed and halfwidth forms included', () => {
    expect(['한', 'ㄱ', 'ᄀ', '㉠', '㈀', 'ﾡ'].map((c) => isHangul(cp(c)))).toEqual([true, true, true, true, true, true]);
    expect(['漢', 'あ', '。', 'a'].map((c) => isHangul(cp(c)))).toEqual([false, false, false, false]);
    // An enclosed Hangul letter (a Korean list marker) keeps its line break beside kanji.
    expect(joinCjkLines('㉠\n漢字')).toBe('㉠\n漢字');
  });

  it('counts halfwidth kana and Hangul as CJK for emphasis (East Asian Width H), Latin not', () => {
    expect(['ｶ', 'ﾡ', '漢', '。'].map((c) => isCjk(cp(c)))).toEqual([true, true, true, true]);
    expect(['a', 'é', '1'].map((c) => isCjk(cp(c)))).toEqual([false, false, false]);
  });

  it('joins wide characters but never Hangul', () => {
    expect(joinsWithoutSpace(cp('れ'), cp('署'))).toBe(true);
    expect(joinsWithoutSpace(cp('한'), cp('국'))).toBe(false);
    expect(joinsWithoutSpace(cp('語'), cp('E'))).toBe(false);
  });

  it('joins next to full-width punctuation on either side, but never next to Hangul', () => {
    expect(joinsWithoutSpace(cp('、'), cp('e'))).toBe(true);
    expect(joinsWithoutSpace(cp('。'), cp('K'))).toBe(true);
    expect(joinsWithoutSpace(cp('」'), cp('1'))).toBe(true);
    expect(joinsWithoutSpace(cp('x'), cp('（'))).toBe(true);
    expect(joinsWithoutSpace(cp('。'), cp('한'))).toBe(false);
    // Wide but not punctuation: kana, the prolonged sound mark, emoji.
    expect(joinsWithoutSpace(cp('ー'), cp('A'))).toBe(false);
    expect(joinsWithoutSpace(cp('😀'), cp('A'))).toBe(false);
    expect(isWidePunctuation(cp('・'))).toBe(true);
    expect(isWidePunctuation(cp('、'))).toBe(true);
    expect(isWidePunctuation(cp('あ'))).toBe(false);
    expect(isWidePunctuation(cp(','))).toBe(false);
    expect(isWidePunctuation(cp('…'))).toBe(false);
  });
});

describe('joinCjkLines', () => {
  it.each([
    ['ロックされ\n署名できなくなる。', 'ロックされ署名できなくなる。'],
    ['行末の句点。\n次', '行末の句点。次'],
    ['日本語\nEnglish', '日本語\nEnglish'],
    ['English\n日本語', 'English\n日本語'],
    ['one\ntwo', 'one\ntwo'],
    ['한국어\n한국어', '한국어\n한국어'],
    ['𠮷野家\n𠮷', '𠮷野家𠮷'],
    // No space after full-width punctuation, whatever follows (efcl: `なくなり、⏎e-Tax`, `使っています。⏎Kagi`).
    ['利用できなくなり、\ne-Tax への送信が止まる。', '利用できなくなり、e-Tax への送信が止まる。'],
    ['検索は有料のものを使っています。\nKagi は広告がありません。', '検索は有料のものを使っています。Kagi は広告がありません。'],
    ['「設定」\n2 つ目', '「設定」2 つ目'],
    ['npm の\n（ローカル）', 'npm の（ローカル）'],
    ['see\n（注）', 'see（注）'],
    ['끝。\n한국어', '끝。\n한국어'],
  ])('%j -> %j', (input, output) => expect(joinCjkLines(input)).toBe(output));

  it('looks at neighbouring nodes for breaks at either end', () => {
    expect(joinCjkLines('\n次の行', '太字')).toBe('次の行');
    expect(joinCjkLines('前の行\n', '', '太字')).toBe('前の行');
    expect(joinCjkLines('\nnext', '太字')).toBe('\nnext');
  });

  it('joins across emphasis and next to code, never inside code', () => {
    expect(render('**太字**\n次の行')).toBe('<p><strong>太字</strong>次の行</p>');
    expect(render('前の行\n**太字**')).toBe('<p>前の行<strong>太字</strong></p>');
    expect(render('`コード`\n次')).toBe('<p><code>コード</code>次</p>');
    expect(render('`code`\n次')).toBe('<p><code>code</code>\n次</p>');
    expect(render('`a\nb` and `漢\n字`')).toBe('<p><code>a b</code> and <code>漢 字</code></p>');
  });

  it('leaves no space after full-width punctuation in the page, across links, emphasis and code', () => {
    expect(render('署名用電子証明書が使えなくなり、\ne-Tax への送信が止まる。')).toBe('<p>署名用電子証明書が使えなくなり、e-Tax への送信が止まる。</p>');
    expect(render('有料の検索を使っています。\n[Kagi](https://kagi.com/) です。')).toBe('<p>有料の検索を使っています。<a href="https://kagi.com/">Kagi</a> です。</p>');
    expect(render('設定を開き、\n**Enable** を押す。')).toBe('<p>設定を開き、<strong>Enable</strong> を押す。</p>');
    expect(render('次の行、\n`npm test` を実行')).toBe('<p>次の行、<code>npm test</code> を実行</p>');
    // Other Japanese text next to Latin keeps its space, as CSS Text 3 says.
    expect(render('日本語の行\nEnglish line')).toBe('<p>日本語の行\nEnglish line</p>');
  });
});

describe('CJK-friendly emphasis', () => {
  it.each([
    ['**「強調」**の後ろ', '<p><strong>「強調」</strong>の後ろ</p>'],
    ['**強調。**次', '<p><strong>強調。</strong>次</p>'],
    ['~~取り消し~~です', '<p><del>取り消し</del>です</p>'],
    ['~~「取消」~~です', '<p><del>「取消」</del>です</p>'],
    ['前の**「強調」**と*（括弧）*です', '<p>前の<strong>「強調」</strong>と<em>（括弧）</em>です</p>'],
    ['これは**「A」と「B」**です。**「C」**も', '<p>これは<strong>「A」と「B」</strong>です。<strong>「C」</strong>も</p>'],
    ['「A」**です**ね', '<p>「A」<strong>です</strong>ね</p>'],
    ['_「x」_の snake_case_name', '<p><em>「x」</em>の snake_case_name</p>'],
    ['**[「リンク」](https://e.com/a_b)**の', '<p><strong><a href="https://e.com/a_b">「リンク」</a></strong>の</p>'],
    ['𠮷**「x」**の', '<p>𠮷<strong>「x」</strong>の</p>'],
    ['- **「項目」**の説明', '<ul>\n<li><strong>「項目」</strong>の説明</li>\n</ul>'],
    ['これは**重要**。そして**次**も。', '<p>これは<strong>重要</strong>。そして<strong>次</strong>も。</p>'],
    ['***「強調」***の', '<p><em><strong>「強調」</strong></em>の</p>'],
  ])('%j', (input, output) => expect(render(input)).toBe(output));

  it('leaves CommonMark alone where no CJK character is involved', () => {
    expect(render('a**"x"**b')).toBe('<p>a**&quot;x&quot;**b</p>'.replace(/&quot;/g, '"'));
    expect(render('a**「x」**b')).toBe('<p>a**「x」**b</p>');
  });

  it('never touches code, escapes or documents that contain the sentinel', () => {
    expect(render('`**「c」**の`')).toBe('<p><code>**「c」**の</code></p>');
    expect(render('\\**「x」**の')).toBe('<p>**「x」**の</p>');
    const withSentinel = `${SENTINEL}**「x」**の`;
    expect(prepareCjkEmphasis(withSentinel)).toBe(withSentinel);
    expect(render(withSentinel)).toContain(SENTINEL);
  });

  it('leaves documents without a candidate in prose unchanged', () => {
    const plain = '普通の*斜体*と**太字**です\n\n```\n**「code」**の\n```';
    expect(prepareCjkEmphasis('普通の文章です。')).toBe('普通の文章です。');
    expect(prepareCjkEmphasis(plain)).toBe(plain);
  });
});
