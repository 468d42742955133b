import { describe, expect, it } from 'vitest';
import { isWide } from '../../src/typesetting/east-asian-width.ts';
import { documentTitle, htmlToText, MAX_DOCUMENT_TITLE, summarize, SUMMARY_CHARS, SUMMARY_WORDS, withoutSpaceAfterWidePunctuation } from '../../src/blog/text.ts';

describe('htmlToText', () => {
  it('keeps prose and inline code, drops code blocks, scripts and footnotes, decodes entities', () => {
    const html =
      '<h2 id="a">見出し</h2><p>A &amp; B &lt;tag&gt; は<code>x()</code>です<sup><a data-footnote-ref href="#fn1">1</a></sup></p>' +
      '<pre class="astro-code"><code><span>const</span></code></pre><section data-footnotes class="footnotes"><p>注釈</p></section>';
    expect(htmlToText(html)).toBe('見出し A & B <tag> はx()です');
  });

  it('leaves out code blocks with their title and language', () => {
    expect(htmlToText('<p>本文。</p><figure class="code-block"><figcaption><span class="code-title">src/a.ts</span><span class="code-lang">ts</span></figcaption><pre><code>x</code></pre></figure><p>続き。</p>')).toBe('本文。続き。');
  });

  it('keeps inline code where it stands in the sentence (efcl: 引用ブロックの中に `![TYPE]` を入れる)', () => {
    const html = '<p>Markdownの引用ブロックの中に <code>![TYPE]</code> を入れることで、アイコン付きの強調構文を利用できます。</p>\n<pre class="astro-code"><code>&gt; [!NOTE]</code></pre>';
    expect(htmlToText(html)).toBe('Markdownの引用ブロックの中に ![TYPE] を入れることで、アイコン付きの強調構文を利用できます。');
    expect(htmlToText('<p>Blockquoteに<code>[!TYPE]</code>という文字列</p>')).toBe('Blockquoteに[!TYPE]という文字列');
    // The TeX of a formula that did not parse is markup, like the annotation of one that did.
    expect(htmlToText('<p>式 <span class="math-error"><code class="language-math">\\frac{</code> <span class="math-error-message" data-pagefind-ignore>(error)</span></span> です</p>')).toBe('式 です');
  });

  it('separates blocks: a heading, list items and table cells never run into the next text', () => {
    // efcl 2024-02-12-walking-to-read: a heading, then a list.
    const walking =
      '<p>最近よく歩きながら読書しているので、そのメモ書きです。</p>\n<h2 id="必要なもの">必要なもの</h2>\n<ul>\n<li>人とぶつからない幅の歩行者用道路</li>\n<li>スマートフォン</li>\n</ul>\n<p>川沿いは、人が少なく歩きやすい道が多い。</p>';
    expect(htmlToText(walking)).toBe('最近よく歩きながら読書しているので、そのメモ書きです。必要なもの 人とぶつからない幅の歩行者用道路 スマートフォン 川沿いは、人が少なく歩きやすい道が多い。');
    expect(htmlToText('<table><thead><tr><th>項目</th><th>値</th></tr></thead><tbody><tr><td>手数料</td><td>無料</td></tr></tbody></table>')).toBe('項目 値 手数料 無料');
    expect(htmlToText('<dl><dt>用語</dt><dd>説明</dd></dl><details><summary>答え</summary><p>中身</p></details>')).toBe('用語 説明 答え 中身');
    expect(htmlToText('<ul><li><p>段落の項目</p><ul><li>入れ子</li></ul></li><li>次</li></ul>')).toBe('段落の項目 入れ子 次');
    expect(htmlToText('<p>一つ目。</p>\n<p>二つ目。</p><p>English.</p><ul><li>項目</li><li>item</li></ul>')).toBe('一つ目。二つ目。English. 項目 item');
  });

  it('reads a line break inside a block as the page does: nothing between Japanese, a space elsewhere', () => {
    expect(htmlToText('<p>議論がおきてそう<br>\nというレス</p>')).toBe('議論がおきてそうというレス');
    expect(htmlToText('<p>ロックされ\n署名できなくなる</p>')).toBe('ロックされ署名できなくなる');
    expect(htmlToText('<p>日本語<br>English<br/>next</p>')).toBe('日本語 English next');
    expect(htmlToText('<p><strong>太字</strong>\n次の行</p>')).toBe('太字次の行');
  });

  it('puts no space after full-width punctuation, from line breaks, blocks or the source', () => {
    // Posts written in HTML (WordPress, old Jekyll) keep their line breaks in the rendered HTML.
    expect(htmlToText('<p>署名用電子証明書が使えなくなり、\ne-Tax への送信が止まる。\nKagi を使っています。</p>')).toBe(
      '署名用電子証明書が使えなくなり、e-Tax への送信が止まる。Kagi を使っています。',
    );
    expect(htmlToText('<p>動かなくなっていたので、 修正したものです。</p><p>「括弧」</p>\n<p>Next</p>')).toBe('動かなくなっていたので、修正したものです。「括弧」Next');
    expect(htmlToText('<p>前回と同じく小説のテキスト化。<br />\n e.Typistは仕事で使う</p>')).toBe('前回と同じく小説のテキスト化。e.Typistは仕事で使う');
    // Space before full-width punctuation is the author's, and so is the space in Latin text.
    expect(htmlToText('<p>e-Tax （電子申告） を使う. Next</p>')).toBe('e-Tax （電子申告）を使う. Next');
  });

  it('keeps Korean words apart', () => {
    expect(htmlToText('<h2>제목</h2><p>한국어\n문장</p>')).toBe('제목 한국어 문장');
  });

  it('is never fooled by control characters in the text', () => {
    expect(htmlToText('<p>a&#30;b\u001ec</p>')).toBe('a b c');
  });

  it('reads the HTML as a browser does: > in attributes, comments, CDATA, raw text, entities', () => {
    // efcl: a link whose title holds `>` (`npm deprecate <package> <message>」へのリンク`).
    expect(htmlToText('<p><a href="/x" title="a > b">リンク</a>です</p>')).toBe('リンクです');
    expect(htmlToText("<p><img alt='1 > 0' src=x>画像</p>")).toBe('画像');
    expect(htmlToText('<p>前<!-- <p>注釈</p> -->後</p>')).toBe('前後');
    // CDATA is text only inside SVG and MathML; in HTML it is a bogus comment the page never shows.
    expect(htmlToText('<p>x<![CDATA[y]]>z <math><mrow><![CDATA[a<b]]></mrow></math></p>')).toBe('xz a<b');
    expect(htmlToText('<p>a<script>if (x < 1) document.write("</p><p>no")</script>b</p><style>p::after { content: "</div>" }</style>')).toBe('ab');
    expect(htmlToText('<p>&lt;p&gt; &amp;amp; &#x1F600; A&nbsp;B &copy</p>')).toBe('<p> &amp; 😀 A B ©');
    // A processing instruction in a post (efcl: `<?xml version="1.0"?>`) is a bogus comment too.
    expect(htmlToText('<p>先頭に<?xml version="1.0"?>を入れる</p>')).toBe('先頭にを入れる');
  });

  it('reads unclosed and misnested elements as a browser does: a stray end tag never ends a skipped part early', () => {
    expect(htmlToText('<span aria-hidden="true">隠す</b>まだ隠す</span>見える')).toBe('見える');
    expect(htmlToText('<p>一つ目<p>二つ目<ul><li>a<li>b</ul>')).toBe('一つ目 二つ目 a b');
    expect(htmlToText('<div data-pagefind-ignore><p>x</p></p></div><p>残る</p>')).toBe('残る');
    expect(htmlToText('<p>行1</br>English</p>')).toBe('行1 English');
  });

  it('reads elements nested deeper than the call stack goes', () => {
    const depth = 50_000;
    expect(htmlToText(`${'<div><span>'.repeat(depth)}深い${'</span></div>'.repeat(depth)}<p>次</p>`)).toBe('深い 次');
  });

  it('skips by class name and attribute, never by a word inside another attribute', () => {
    expect(htmlToText('<p class="not-a-code-block">残る</p><h2 id="footnotes">脚注について</h2><a href="#math-display">式</a>')).toBe('残る 脚注について 式');
    expect(htmlToText('<p>残る</p><div class="callout callout-note"><p class="callout-title">メモ</p><p>本文</p></div><span aria-hidden=" TRUE ">x</span>')).toBe('残る 本文');
  });

  it('reads <noscript> content as the page without scripts shows it, never as markup', () => {
    expect(htmlToText('<p>前</p><noscript><p>スクリプトなしの<b>案内</b></p></noscript>')).toBe('前 スクリプトなしの案内');
  });

  it('leaves out what a browser never shows: iframe, noembed and template content', () => {
    expect(htmlToText('<p>a</p><iframe src="x">fallback</iframe><noembed>n</noembed><template><p>t</p></template><p>b</p>')).toBe('a b');
  });
});

describe('summaries of corpus-like posts', () => {
  it('a heading and a list read apart in the summary (efcl 2024-02-12-walking-to-read)', () => {
    const html =
      '<p>最近よく歩きながら読書しているので、そのメモ書きです。</p>\n<h2 id="必要なもの">必要なもの</h2>\n<ul>\n<li>人とぶつからない幅の歩行者用道路</li>\n<li>スマートフォン</li>\n</ul>\n<p>川沿いは、人が少なく歩きやすい道が多い。</p>\n<h2 id="方法">方法</h2>\n<ul>\n<li>スマホで本を開いて読みながら歩く</li>\n</ul>\n<p>物理的な本は片手だと読みにくいので、自分はスマホで読んでいます。\niPhoneみたいなサイズでも、レスポンシブな本なら問題なく読めます。</p>';
    expect(htmlToText(html)).toContain('読んでいます。iPhone');
    const summary = summarize(htmlToText(html), 'ja');
    expect(summary).toContain('必要なもの 人とぶつからない幅の歩行者用道路 スマートフォン 川沿いは');
    expect(summary).not.toMatch(/[、。] /u);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('the sample post jpki-reset reads with its heading apart and no space after 、', () => {
    const html =
      '<p>確定申告の途中で、マイナンバーカードの署名用パスワードを5回間違えた。するとカードはロックされ、署名できなくなる。</p>\n<h2 id="ロックされると何が起きるか">ロックされると何が起きるか</h2>\n<p>署名用電子証明書（JPKI）が使えなくなり、\ne-Tax への送信が止まる。</p>';
    expect(htmlToText(html)).toBe(
      '確定申告の途中で、マイナンバーカードの署名用パスワードを5回間違えた。するとカードはロックされ、署名できなくなる。ロックされると何が起きるか 署名用電子証明書（JPKI）が使えなくなり、e-Tax への送信が止まる。',
    );
  });

  it('English posts keep their blocks a word apart', () => {
    expect(summarize(htmlToText('<h2>Setup</h2><ul><li>Install <code>npm</code></li><li>Run it</li></ul>'), 'en')).toBe('Setup Install npm Run it');
  });
});

describe('withoutSpaceAfterWidePunctuation', () => {
  it('looks only at punctuation from U+1100 on, below which nothing is wide', () => {
    const wideBelow = Array.from({ length: 0x1100 }, (_, cp) => cp).filter(isWide);
    expect(wideBelow).toEqual([]);
  });

  it('drops white space after full-width punctuation only', () => {
    expect(withoutSpaceAfterWidePunctuation('使っています。 Kagi、 e-Tax」 次　ね')).toBe('使っています。Kagi、e-Tax」次　ね');
    expect(withoutSpaceAfterWidePunctuation('a. b, c （d）')).toBe('a. b, c （d）');
  });
});

describe('summarize', () => {
  it('keeps short text whole', () => {
    expect(summarize('短い本文。', 'ja')).toBe('短い本文。');
  });

  it('cuts Japanese at about 120 characters, at a sentence end when near, with …', () => {
    const sentence = 'これは日本語の文章です。';
    const text = sentence.repeat(20);
    const s = summarize(text, 'ja');
    expect(s.endsWith('…')).toBe(true);
    expect([...s].length).toBeLessThanOrEqual(SUMMARY_CHARS + 1);
    expect(s.slice(0, -1).endsWith('。')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const s = summarize('𠮷'.repeat(300), 'ja');
    expect(s).toBe(`${'𠮷'.repeat(SUMMARY_CHARS)}…`);
    expect(s.isWellFormed()).toBe(true);
  });

  it('cuts English at about 55 words on a word boundary', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => `word${i}`).join(' '), 'en');
    expect(s).toBe(`${Array.from({ length: SUMMARY_WORDS }, (_, i) => `word${i}`).join(' ')}…`);
  });
});

describe('documentTitle', () => {
  it('is "Post | Site", the post alone when too long, and cut with … when the post is too long', () => {
    expect(documentTitle(undefined, 'ノート')).toBe('ノート');
    expect(documentTitle('短い題', 'ノート')).toBe('短い題 | ノート');
    const long = 'あ'.repeat(68);
    expect(documentTitle(long, 'ノート')).toBe(long);
    const cut = documentTitle('𠮷'.repeat(100), 'ノート');
    expect([...cut]).toHaveLength(MAX_DOCUMENT_TITLE);
    expect(cut).toBe(`${'𠮷'.repeat(MAX_DOCUMENT_TITLE - 1)}…`);
    // Counted as written in the page, where < is &lt;
    expect(documentTitle('<'.repeat(30), 'S')).toBe(`${'<'.repeat(17)}…`);
  });
});
