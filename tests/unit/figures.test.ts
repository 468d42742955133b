/**
 * Zenn's image width (`![alt](url =250x)`) and caption line (`*キャプション*` under an image), through
 * the post pipeline's pre-passes and plugins (tests/build/dialect.test.ts checks a real build).
 */
import { satteriCollectImagesPlugin } from '@astrojs/markdown-satteri';
import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { describe, expect, it } from 'vitest';
import { prepareCjkEmphasis, removeEmphasisSentinels } from '../../src/markdown/cjk-emphasis.ts';
import { cjkLineBreaks } from '../../src/markdown/cjk-line-breaks.ts';
import { imageSizesAndCaptions, prepareImageSizes, SIZE_MARKER, sizedImageSizes, sizeFromTitle } from '../../src/markdown/image-sizes-and-captions.ts';
import { postImages } from '../../src/markdown/images.ts';
import { prepareInlineFootnotes } from '../../src/markdown/inline-footnotes.ts';
import { rawHtml } from '../../src/markdown/raw-html.ts';

function render(markdown: string): string {
  const source = prepareCjkEmphasis(prepareInlineFootnotes(prepareImageSizes(markdown)));
  // Astro's own plugin records which images its pipeline optimizes, as in a build.
  const astro = { frontmatter: {}, headings: [], localImagePaths: new Set<string>(), remoteImagePaths: new Set<string>() };
  const result = markdownToHtml(source, {
    mdastPlugins: [removeEmphasisSentinels, imageSizesAndCaptions, cjkLineBreaks, rawHtml, satteriCollectImagesPlugin()],
    hastPlugins: [postImages, sizedImageSizes],
    features: { gfm: { footnotes: { label: '脚注', backLabel: '戻る' } }, math: true },
    data: { astro },
  }) as MarkdownToHtmlResult; // every plugin here is synchronous for these images (none is in public/)
  return result.html.trim();
}
/** The `<img>` tags of `html`, without the loading attributes (src/markdown/images.ts, tested in post-images.test.ts). */
const imgs = (html: string) => [...html.matchAll(/<img(?:\s+[^\s=>]+(?:="[^"]*")?)*>/gu)].map((m) => m[0].replace(/ (loading|fetchpriority|decoding)="[^"]*"/gu, ''));
const COLUMN = 'sizes="(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"';

describe('image width', () => {
  it.each([
    ['![図](./a.png =250x)', '<img src="./a.png" alt="図" width="250" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">'],
    ['![図](./a.png =250x100)', '<img src="./a.png" alt="図" width="250" height="100" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">'],
    ['![図](./a.png =x100)', `<img src="./a.png" alt="図" height="100" ${COLUMN}>`],
    ['![図](./a.png "題" =250x)', '<img src="./a.png" alt="図" title="題" width="250" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">'],
    ["![図](<./a b.png> '題'   =250x  )", '<img src="./a%20b.png" alt="図" title="題" width="250" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">'],
    // Not optimized (no srcset): no sizes either.
    ['![](https://example.com/a_(1).png =800x)', '<img src="https://example.com/a_(1).png" alt="" width="800">'],
    ['![**強調**の図](./a.png =250x)', '<img src="./a.png" alt="強調の図" width="250" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">'],
  ])('%s', (markdown, img) => expect(imgs(render(markdown))).toEqual([img]));

  it('works inside a link, a list and a table, and beside other images', () => {
    expect(render('[![a](./a.png =120x)](https://example.com)')).toMatch(/^<p><a href="https:\/\/example.com"><img src="\.\/a\.png" alt="a" width="120" /u);
    expect(render('- ![a](./a.png =120x)')).toContain('width="120"');
    expect(render('| 図 |\n| --- |\n| ![a](./a.png =120x) |')).toContain('width="120"');
    expect(imgs(render('![a](./a.png) と ![b](./b.png =99x)')).map((i) => /width="(\d+)"/u.exec(i)?.[1])).toEqual([undefined, '99']);
  });

  it('leaves images without a size, and other titles, as they were', () => {
    expect(imgs(render('![図](./a.png)'))).toEqual([`<img src="./a.png" alt="図" ${COLUMN}>`]);
    expect(imgs(render('![図](./a.png "=250x")'))).toEqual([`<img src="./a.png" alt="図" title="=250x" ${COLUMN}>`]);
  });

  it('never changes code, math, HTML or escaped text', () => {
    const samples = [
      '`![a](./a.png =250x)`',
      '```md\n![a](./a.png =250x)\n```',
      '    ![a](./a.png =250x)',
      '$![a](./a.png =250x)$',
      '<div title="![a](./a.png =250x)"></div>',
      '\\![a](./a.png =250x)',
      '![a](./a.png =x)',
    ];
    for (const markdown of samples) expect(prepareImageSizes(markdown), markdown).toBe(markdown);
    expect(render('`![a](./a.png =250x)`')).toBe('<p><code>![a](./a.png =250x)</code></p>');
  });

  it('leaves a document that already contains the marker character alone', () => {
    const markdown = `![a](./a.png =250x) ${SIZE_MARKER}`;
    expect(prepareImageSizes(markdown)).toBe(markdown);
  });

  it('reads the size back from a title', () => {
    expect(sizeFromTitle(`題${SIZE_MARKER}=250x`)).toEqual({ width: 250, title: '題' });
    expect(sizeFromTitle(`${SIZE_MARKER}=0x30`)).toEqual({ height: 30, title: null });
    expect(sizeFromTitle('=250x')).toBeUndefined();
    expect(sizeFromTitle(null)).toBeUndefined();
  });

  it('escapes hostile alt text and titles, and reads code in the alt', () => {
    expect(imgs(render('![" onerror="alert(1)<script>](./a.png "x\\" onload=\\"y" =250x)'))).toEqual([
      '<img src="./a.png" alt="&quot; onerror=&quot;alert(1)<script>" title="x&quot; onload=&quot;y" width="250" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">',
    ]);
    expect(imgs(render('![`code` の図](./a.png =250x)'))).toEqual(['<img src="./a.png" alt="code の図" width="250" sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)">']);
  });
});

describe('caption line', () => {
  it('makes an image and the emphasis on the line under it a figure', () => {
    expect(render('![構成図](./a.png)\n*図1 `astro build` の流れ*')).toBe(
      `<figure class="image-figure"><img src="./a.png" alt="構成図" ${COLUMN} loading="eager" fetchpriority="high"><figcaption>図1 <code>astro build</code> の流れ</figcaption></figure>`,
    );
  });

  it('keeps the width, a link around the image, and Japanese emphasis inside the caption', () => {
    const html = render('[![写真](./a.png =250x)](https://example.com/)\n*「撮影」**東京**にて*');
    expect(html).toMatch(/^<figure class="image-figure"><a href="https:\/\/example.com\/"><img src="\.\/a\.png" alt="写真" width="250" [^>]*><\/a><figcaption>「撮影」<strong>東京<\/strong>にて<\/figcaption><\/figure>$/u);
  });

  it('takes a hard line break, an underscore emphasis and an image reference', () => {
    expect(render('![a][r]  \n_キャプション_\n\n[r]: ./a.png')).toMatch(/^<figure class="image-figure"><img [^>]*><figcaption>キャプション<\/figcaption><\/figure>$/u);
  });

  it.each([
    ['no caption', '![a](./a.png)'],
    ['a blank line between', '![a](./a.png)\n\n*別の段落*'],
    ['emphasis on the same line', '![a](./a.png) *同じ行*'],
    ['text after the emphasis', '![a](./a.png)\n*強調* の後に文'],
    ['strong, not emphasis', '![a](./a.png)\n**太字**'],
    ['text before the image', '本文 ![a](./a.png)\n*強調*'],
    ['two images', '![a](./a.png)\n![b](./b.png)\n*強調*'],
    ['emphasis alone', '*強調*'],
  ])('is not a caption: %s', (_, markdown) => {
    const html = render(markdown);
    expect(html).not.toContain('<figure');
    expect(html).not.toContain('<figcaption');
  });

  it('escapes hostile captions', () => {
    const html = render('![a](./a.png)\n*<script>alert(1)</script>*');
    expect(html).toContain('<figcaption>&lt;script>alert(1)&lt;/script></figcaption>');
  });
});

describe('caption line, edge cases', () => {
  it('works with CRLF line ends', () => {
    expect(render('![猫](/a.png =250x)\r\n*キャプション*\r\n')).toMatch(/<figure class="image-figure"><img [^>]*><figcaption>キャプション<\/figcaption><\/figure>/u);
  });

  it('is no figure in a tight list item, where the figure would be lost (never a bare <figcaption>)', () => {
    const html = render('- ![猫](/a.png =250x)\n  *キャプション*\n- 次');
    expect(html).not.toContain('figcaption');
    expect(html).toContain('<em>キャプション</em>');
    expect(render('- ![猫](/a.png)\n  *キャプション*\n\n- 次')).toMatch(/<figure class="image-figure">/u);
  });
});
