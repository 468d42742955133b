import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { isWide } from '../../src/typesetting/east-asian-width.ts';
import { phrases } from '../../src/typesetting/phrases.ts';
import { startsWithOpeningBracket } from '../../src/typesetting/opening-bracket.ts';
import { projectFolder } from '../../src/project/project-folder.ts';
import { renderShareImage as render, shareImageKey, type ShareImageContent } from '../../src/share-images/draw.ts';
import { fitLines, fitTitle, TITLE_BOX, TITLE_LINE_HEIGHT, TITLE_SIZES } from '../../src/share-images/layout.ts';
import { encodePalettePng } from '../../src/share-images/png.ts';
import { loadShareImageTheme } from '../../src/share-images/theme.ts';
import { DEFAULT_SHARE_IMAGE } from '../helpers/share-image-settings.ts';

/** The shipped look (see tests/helpers/share-image-settings.ts). */
const theme = loadShareImageTheme(DEFAULT_SHARE_IMAGE, projectFolder());
const renderShareImage = (content: ShareImageContent) => render(content, theme);

/** A stand-in for the font: CJK characters 1 em wide, others 0.6. */
const ems = (text: string) => [...text].reduce((sum, ch) => sum + (isWide(ch.codePointAt(0)!) ? 1 : 0.6), 0);
const fits = (t: { fontSize: number; lines: string[] }) =>
  t.lines.length * t.fontSize * TITLE_LINE_HEIGHT <= TITLE_BOX.height && t.lines.every((l) => ems(l) <= TITLE_BOX.width / t.fontSize);

/** Decodes a PNG with resvg's decoder (not ours), as RGBA pixels. */
function decode(png: Buffer, width = 1200, height = 630): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
}

describe('share image titles', () => {
  it('keep short titles large, on one line', () => {
    expect(fitTitle('短い題', ems)).toEqual({ lines: ['短い題'], fontSize: TITLE_SIZES[0] });
  });

  it('shrink as titles grow, always within the title box', () => {
    const sizes = [10, 30, 60, 90, 120].map((n) => fitTitle('あ'.repeat(n), ems));
    for (const t of sizes) expect(fits(t)).toBe(true);
    expect(sizes.map((t) => t.fontSize)).toEqual([...sizes.map((t) => t.fontSize)].sort((a, b) => b - a));
    expect(sizes[0]!.fontSize).toBeGreaterThan(sizes.at(-1)!.fontSize);
  });

  it('break Japanese between phrases and English between words, losing nothing', () => {
    const title = 'Astroで日本語の静的ブログを作りながら考えた表示速度とアクセシビリティのこと、そして検索と共有画像のこと';
    const { lines } = fitTitle(title, ems);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(title);
    const boundaries = new Set(phrases(title).map((_, i, all) => all.slice(0, i + 1).join('').length));
    let at = 0;
    for (const line of lines.slice(0, -1)) expect(boundaries.has((at += line.length))).toBe(true);

    const english = fitTitle('Static sites and why they still matter to people who write every week about code', ems);
    expect(english.lines.length).toBeGreaterThan(1);
    expect(english.lines.join(' ')).toBe('Static sites and why they still matter to people who write every week about code');
  });

  it('cut a title too long for the box with …, never mid-character', () => {
    const t = fitTitle('𠮷'.repeat(500), ems);
    expect(t.lines.at(-1)!.endsWith('…')).toBe(true);
    expect(t.lines.join('').isWellFormed()).toBe(true);
    expect(fits(t)).toBe(true);
    expect(fitTitle('a'.repeat(80), ems).lines.join('')).toBe('a'.repeat(80)); // fits whole: nothing cut
  });

  it('break a word wider than the box anywhere rather than overflow', () => {
    const lines = fitLines('x'.repeat(40), 10, 5, ems);
    expect(lines.join('')).toBe('x'.repeat(40));
    for (const line of lines) expect(ems(line)).toBeLessThanOrEqual(10);
    expect(fitLines('長い説明がここに続きます。さらに続きます。', 6, 1, ems)).toEqual([expect.stringMatching(/…$/u)]);
  });
});

describe('palette PNGs', () => {
  it('decode, in another decoder, to the colours drawn', () => {
    const scanlines = new Uint8Array([0, 0, 1, 0, 1, 0]); // 2x2: row 0 [bg, red], row 1 [red, bg]
    const png = encodePalettePng({ width: 2, height: 2, scanlines, palette: [[0, 0, 255], [255, 0, 0]] });
    const px = decode(png, 2, 2);
    expect([...px.subarray(0, 4)]).toEqual([0, 0, 255, 255]);
    expect([...px.subarray(4, 8)]).toEqual([255, 0, 0, 255]);
    expect([...px.subarray(8, 12)]).toEqual([255, 0, 0, 255]);
  });

  it('refuse pixels that do not match the size', () => {
    expect(() => encodePalettePng({ width: 2, height: 2, scanlines: new Uint8Array(4), palette: [[0, 0, 0]] })).toThrow(/2x2/);
  });
});

describe('share images', () => {
  const content = { title: 'Astroで日本語ブログを作る', date: '2022年2月23日', tags: ['astro', '日本語'], siteTitle: 'ノート' };
  /** How many pixels in the rectangle differ from the background. */
  const ink = (px: Buffer, x0: number, y0: number, x1: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (px[(y * 1200 + x) * 4] !== 0x0d) n++;
    return n;
  };

  it('are 1200x630 PNGs with the title, date and tags drawn inside the margins', async () => {
    const png = await renderShareImage(content);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const px = decode(png);
    expect(ink(px, 72, 64, 600, 110)).toBeGreaterThan(300); // the date
    expect(ink(px, 72, 200, 1128, 450)).toBeGreaterThan(5000); // the title
    expect(ink(px, 72, 500, 600, 560)).toBeGreaterThan(300); // the tags
    expect(ink(px, 0, 0, 70, 600) + ink(px, 1131, 0, 1200, 600)).toBe(0); // nothing in the side margins
  });

  it('differ with what they show, and stay inside the margins for very long text', async () => {
    const a = decode(await renderShareImage(content));
    const b = decode(await renderShareImage({ ...content, title: '別の題名で書いた記事' }));
    expect(a.equals(b)).toBe(false);
    const long = decode(
      await renderShareImage({ title: 'とても長い題名'.repeat(30), date: '2022年2月23日', tags: ['a'.repeat(60), 'b'], siteTitle: 'とても長いサイト名'.repeat(10), subtitle: undefined }),
    );
    expect(ink(long, 0, 0, 70, 600) + ink(long, 1131, 0, 1200, 600)).toBe(0);
  });

  it('show nothing of the image drawn before them', async () => {
    const after = async (before: ShareImageContent) => {
      await renderShareImage(before);
      return renderShareImage(content);
    };
    const short = await after({ ...content, title: '短い' });
    const long = await after({ ...content, title: 'とても長い題名を三行にわたって書いた記事'.repeat(3), subtitle: '副題も添えた' });
    expect(long.equals(short)).toBe(true);
  });

  it('draw nothing, rather than a box, for characters the font lacks', async () => {
    const plain = decode(await renderShareImage({ ...content, title: 'AB' }));
    const emoji = decode(await renderShareImage({ ...content, title: 'A😀B' }));
    expect(ink(emoji, 72, 200, 1128, 450)).toBe(ink(plain, 72, 200, 1128, 450));
  });

  it('are keyed by what they show and the code that draws them', () => {
    expect(shareImageKey(content, theme)).toBe(shareImageKey({ ...content }, theme));
    expect(shareImageKey(content, theme)).not.toBe(shareImageKey({ ...content, title: '別の題' }, theme));
    expect(shareImageKey(content, theme)).not.toBe(shareImageKey({ ...content, tags: ['b'] }, theme));
    // and by the code that draws them: a change to the drawing makes every image again.
    expect(shareImageKey(content, theme, 'drawing code 1')).not.toBe(shareImageKey(content, theme, 'drawing code 2'));
  });
});

describe('opening brackets', () => {
  it.each([
    ['「題」', true],
    ['『本』の話', true],
    ['（補足）', true],
    ['【速報】', true],
    ['(half-width)', false],
    ['“quoted”', false],
    ['題「a」', false],
    ['', false],
  ])('%j starts with a fullwidth opening bracket: %s', (text, expected) => expect(startsWithOpeningBracket(text)).toBe(expected));
});

describe('share image layout', () => {
  const post = { title: 'Astroで日本語ブログを作る', date: '2022年2月23日', tags: ['astro'], siteTitle: 'ノート' };
  const ink = (px: Buffer, x0: number, y0: number, x1: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (px[(y * 1200 + x) * 4] !== 0x0d) n++;
    return n;
  };
  /** The first column from the left with ink between rows y0 and y1. */
  const firstInkColumn = (px: Buffer, y0: number, y1: number) => {
    for (let x = 0; x < 1200; x++) if (ink(px, x, y0, x + 1, y1) > 0) return x;
    return -1;
  };

  it("show the site's name once on the site's own image: as its title, not again above or below", async () => {
    const site = decode(await renderShareImage({ title: 'ノート', date: '', tags: [], siteTitle: 'ノート', subtitle: '日々の記録と技術メモ。' }));
    expect(ink(site, 72, 150, 1128, 450)).toBeGreaterThan(3000); // the title and the description
    expect(ink(site, 0, 0, 1200, 130)).toBe(0); // nothing above
    expect(ink(site, 0, 480, 1200, 610)).toBe(0); // nothing below (the accent bar starts at 618)
    // A post's image keeps its date above and the site's name bottom right.
    const page = decode(await renderShareImage(post));
    expect(ink(page, 72, 64, 600, 110)).toBeGreaterThan(300);
    expect(ink(page, 900, 500, 1128, 580)).toBeGreaterThan(300);
  });

  it('set a title that opens with a bracket flush with the margin, as every other title', async () => {
    const rows = [200, 450] as const;
    const plain = firstInkColumn(decode(await renderShareImage({ ...post, title: '題と括弧' })), ...rows);
    const bracket = firstInkColumn(decode(await renderShareImage({ ...post, title: '「題」と括弧' })), ...rows);
    expect(plain).toBeGreaterThanOrEqual(72);
    expect(plain).toBeLessThan(72 + 12);
    // The bracket's ink sits in the right half of its cell: hung, it starts near the margin, never in it.
    expect(bracket).toBeGreaterThanOrEqual(72);
    expect(bracket).toBeLessThan(72 + 0.25 * TITLE_SIZES[0]);
  });
});
