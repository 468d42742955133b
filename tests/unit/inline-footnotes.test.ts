/**
 * Inline footnotes `^[脚注]`: the same footnotes, numbering and HTML as GFM's `[^1]`, never taken from
 * code, math or HTML.
 */
import { markdownToHtml } from 'satteri';
import { describe, expect, it } from 'vitest';
import { prepareCjkEmphasis, removeEmphasisSentinels } from '../../src/markdown/cjk-emphasis.ts';
import { cjkLineBreaks } from '../../src/markdown/cjk-line-breaks.ts';
import { definitionText, findInlineNotes, prepareInlineFootnotes } from '../../src/markdown/inline-footnotes.ts';
import { rawHtml } from '../../src/markdown/raw-html.ts';

function html(markdown: string): string {
  return markdownToHtml(markdown, {
    mdastPlugins: [removeEmphasisSentinels, cjkLineBreaks, rawHtml],
    features: { gfm: { footnotes: { label: '脚注', backLabel: '戻る' } }, math: true },
  }).html.trim();
}
const render = (markdown: string) => html(prepareCjkEmphasis(prepareInlineFootnotes(markdown)));
/** The footnotes' texts, in the order the section lists them. */
const notes = (out: string) =>
  [...out.matchAll(/<li id="user-content-fn-([^"]+)">\s*([^]*?)\s*<a href="#user-content-fnref-\1"/gu)].map((m) => [m[1], m[2]!.replace(/^<p>|\s+$/gu, '')]);
/** The numbers shown in the text, with the footnote each links to. */
const refs = (out: string) => [...out.matchAll(/<a href="#user-content-fn-([^"]+)" id="user-content-fnref-\1" data-footnote-ref[^>]*>(\d+)<\/a>/gu)].map((m) => [m[2], m[1]]);

describe('inline footnotes', () => {
  it('are the very footnotes GFM makes of [^n]', () => {
    expect(render('本文^[脚注の本文]です。')).toBe(html('本文[^inline-1]です。\n\n[^inline-1]: 脚注の本文'));
    expect(render('本文^[脚注の本文]です。')).toContain(
      '<p>本文<sup><a href="#user-content-fn-inline-1" id="user-content-fnref-inline-1" data-footnote-ref aria-describedby="footnote-label">1</a></sup>です。</p>',
    );
  });

  it('are numbered in order of appearance together with [^n] ones', () => {
    const out = render('一^[最初]、二[^a]、三^[三番目]、四[^b]。\n\n[^b]: 四番目\n[^a]: 二番目\n');
    expect(refs(out)).toEqual([['1', 'inline-1'], ['2', 'a'], ['3', 'inline-2'], ['4', 'b']]);
    expect(notes(out)).toEqual([['inline-1', '最初'], ['a', '二番目'], ['inline-2', '三番目'], ['b', '四番目']]);
  });

  it('take nested brackets, links, code and math', () => {
    const out = render('注^[[公式](https://example.com/a_(b)) の [見出し] と `a]` と $x]$ を参照]。');
    expect(notes(out)).toEqual([
      ['inline-1', '<a href="https://example.com/a_(b)">公式</a> の [見出し] と <code>a]</code> と <code class="language-math math-inline">x]</code> を参照'],
    ]);
    expect(out).toMatch(/^<p>注<sup>.*<\/sup>。<\/p>/u);
  });

  it('honour escaped brackets', () => {
    expect(findInlineNotes('a^[x \\] y] z').map((n) => n.text)).toEqual(['x \\] y']);
    expect(notes(render('a^[x \\] y] z'))).toEqual([['inline-1', 'x ] y']]);
  });

  it('work in table cells, headings, lists and quotes, over several lines', () => {
    const out = render('## 見出し^[見出しの注]\n\n| 項目 | 値 |\n| --- | --- |\n| A^[セルの注] | 1 |\n\n- 項目^[リストの\n  注]\n\n> 引用^[引用の\n> 注]\n');
    expect(notes(out)).toEqual([['inline-1', '見出しの注'], ['inline-2', 'セルの注'], ['inline-3', 'リストの注'], ['inline-4', '引用の注']]);
    expect(out).toContain('<td>A<sup><a href="#user-content-fn-inline-2"');
  });

  it('are never taken from code, math, HTML, escapes or a caret before a footnote', () => {
    const samples = [
      '`a^[b]`',
      '```\na^[b]\n```',
      '    a^[b]',
      '$a^[b]$',
      '$$\na^[b]\n$$',
      '<span title="a^[b]">x</span>',
      'a\\^[b]',
      'a^[no end',
      'a^[end in the next paragraph\n\nb]',
      '![alt ^[b]](./a.png)',
    ];
    for (const markdown of samples) expect(prepareInlineFootnotes(markdown), markdown).toBe(markdown);
    const caret = 'x^[^1]\n\n[^1]: 普通の脚注';
    expect(prepareInlineFootnotes(caret)).toBe(caret);
    expect(render('`a^[b]`')).toBe('<p><code>a^[b]</code></p>');
  });

  it('keep every offset before the first note', () => {
    const markdown = '前文 `code` $x$\n\n本文^[注] 後';
    const out = prepareInlineFootnotes(markdown);
    expect(out.startsWith('前文 `code` $x$\n\n本文')).toBe(true);
    expect(out).toBe('前文 `code` $x$\n\n本文[^inline-1] 後\n\n[^inline-1]: 注\n');
  });

  it('do not collide with an author’s own labels', () => {
    const out = render('自前[^inline-1]と^[インライン]\n\n[^INLINE-1]: 自前の注');
    expect(notes(out)).toEqual([['inline-1', '自前の注'], ['inline2-1', 'インライン']]);
  });

  it('stay paragraphs when the note starts like a block', () => {
    const out = render('a^[# 見出し] b^[- 項目] c^[1. 番号] d^[> 引用] e^[``` 柵] f^[[x]: y]');
    expect(notes(out).map((n) => n[1])).toEqual(['# 見出し', '- 項目', '1. 番号', '&gt; 引用', '``` 柵', '[x]: y']);
    expect(definitionText('a\n  > b\n   c')).toBe('a\n    b\n    c');
  });

  it('are defined before a block left open at the end, which would swallow them', () => {
    const out = render('本文^[注]\n\n```js\nconst a = 1;\n');
    expect(out).toContain('<pre><code class="language-js">const a = 1;\n</code></pre>');
    expect(notes(out)).toEqual([['inline-1', '注']]);
    expect(notes(render('本文^[注]\n\n<!-- 閉じない注釈\n'))).toEqual([['inline-1', '注']]);
  });

  it('escape hostile HTML, and an unclosed <script> swallows nothing', () => {
    const out = render('a^[<script>alert(1)</script>] b^[<script>] c^[三つ目]');
    expect(out).not.toMatch(/<script/iu);
    expect(notes(out)).toEqual([
      ['inline-1', '&lt;script&gt;alert(1)&lt;/script>'],
      ['inline-2', '&lt;script&gt;'],
      ['inline-3', '三つ目'],
    ]);
  });

  it('leave a note inside a note as written', () => {
    expect(notes(render('a^[外 ^[内] 外]'))).toEqual([['inline-1', '外 ^[内] 外']]);
  });
});
