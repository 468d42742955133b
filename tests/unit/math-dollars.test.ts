import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { describe, expect, it } from 'vitest';
import { isLoosePair, prepareLooseDollars } from '../../src/markdown/math-dollars.ts';
import { math } from '../../src/markdown/math.ts';

const render = (md: string) =>
  (markdownToHtml(prepareLooseDollars(md), { mdastPlugins: [math], features: { math: true, gfm: true } }) as MarkdownToHtmlResult).html.trim();
const formulas = (html: string) => [...html.matchAll(/<annotation encoding="application\/x-tex"[^>]*>([^<]*)<\/annotation>/gu)].map((m) => m[1]);

describe('which dollars open inline math (Zenn and Qiita: markdown-it-katex)', () => {
  it.each([
    ['$x$', undefined, false],
    ['$ x$', undefined, true],
    ['$x $', undefined, true],
    ['$x$', '5', true],
    ['$$x$$', undefined, false],
    ['$`x`$', undefined, false],
  ])('%j followed by %j is loose: %s', (raw, next, loose) => expect(isLoosePair(raw, next)).toBe(loose));

  it('a price before a formula leaves the formula math', () => {
    expect(formulas(render('月額 $5 のプランで、変数 $x$ を使います。'))).toEqual(['x']);
    expect(formulas(render('$ npm run build を実行すると $n$ 個'))).toEqual(['n']);
    expect(render('$5 と $10 と $20')).toBe('<p>$5 と $10 と $20</p>');
  });

  it('keeps footnotes, links and emphasis beside prices as Markdown', () => {
    const html = render('価格は$5です[^1]。送料は$3かかります\n\n[^1]: 税込');
    expect(html).toContain('data-footnote-ref');
    expect(html).toMatch(/<li id="user-content-fn-1">\s*<p>税込/u);
    expect(html).toContain('価格は$5です');
    expect(render('US$5 の**新しい**商品と US$3')).toBe('<p>US$5 の<strong>新しい</strong>商品と US$3</p>');
  });

  it('never touches code, and leaves a post without dollars as it is', () => {
    const source = '`$ a $` and\n\n```\n$ b $\n```\n';
    expect(prepareLooseDollars(source)).toBe(source);
    expect(prepareLooseDollars('no dollars')).toBe('no dollars');
  });
});
