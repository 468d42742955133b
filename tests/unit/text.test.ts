import { describe, expect, it } from 'vitest';
import { documentTitle, htmlToText, MAX_DOCUMENT_TITLE, summarize, SUMMARY_CHARS, SUMMARY_WORDS } from '../../src/lib/text.ts';

describe('htmlToText', () => {
  it('keeps prose, drops code, scripts and footnotes, decodes entities', () => {
    const html =
      '<h2 id="a">見出し</h2><p>A &amp; B &lt;tag&gt; は<code>x()</code>です<sup><a data-footnote-ref href="#fn1">1</a></sup></p>' +
      '<pre class="astro-code"><code><span>const</span></code></pre><section data-footnotes class="footnotes"><p>注釈</p></section>';
    expect(htmlToText(html)).toBe('見出し A & B <tag> はです');
  });

  it('leaves out code blocks with their title and language', () => {
    expect(htmlToText('<p>本文。</p><figure class="code-block"><figcaption><span class="code-title">src/a.ts</span><span class="code-lang">ts</span></figcaption><pre><code>x</code></pre></figure><p>続き。</p>')).toBe('本文。続き。');
  });

  it('joins blocks the way the page reads: nothing between Japanese, a space elsewhere', () => {
    expect(htmlToText('<p>一つ目。</p>\n<p>二つ目。</p><p>English.</p><ul><li>項目</li><li>item</li></ul>')).toBe(
      '一つ目。二つ目。 English. 項目 item',
    );
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
