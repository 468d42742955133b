/**
 * The share images' theme (src/share-images/theme.ts, set as `shareImage` in src/site.config.ts):
 * each colour, field, logo and font setting changes the image as it says (decoded with sharp, pixels
 * sampled), the shipped settings draw the images as before they could be set, byte for byte, the
 * cache key follows every setting and file, and bad settings are refused with each one named.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFolder } from '../../src/project/project-folder.ts';
import { renderShareImage, shareImageKey, type ShareImageContent } from '../../src/share-images/draw.ts';
import type { ShareImageSettings } from '../../src/share-images/settings.ts';
import { fontProblem, loadShareImageTheme, parseColor, shareImageTheme, ShareImageSettingsError } from '../../src/share-images/theme.ts';
import { DEFAULT_SHARE_IMAGE } from '../helpers/share-image-settings.ts';

const root = projectFolder();
const dir = mkdtempSync(join(tmpdir(), 'share-image-theme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post: ShareImageContent = { title: 'Astroで日本語ブログを作る', date: '2022年2月23日', tags: ['astro', '日本語'], siteTitle: 'ノート' };
const siteImage: ShareImageContent = { title: 'ノート', date: '', tags: [], siteTitle: 'ノート', subtitle: '日々の記録と技術メモ。' };
const themeOf = (changes: Partial<ShareImageSettings> = {}) => loadShareImageTheme({ ...DEFAULT_SHARE_IMAGE, ...changes }, root);
const withColors = (colors: Partial<ShareImageSettings['colors']>) => themeOf({ colors: { ...DEFAULT_SHARE_IMAGE.colors, ...colors } });
const withShown = (show: Partial<ShareImageSettings['show']>) => themeOf({ show: { ...DEFAULT_SHARE_IMAGE.show, ...show } });

/** A file in the test's folder, its path as a setting writes it. */
function file(name: string, bytes: string | Buffer): string {
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
}

/** The image decoded by sharp (not by this project's code), with RGB lookups. */
async function decoded(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([1200, 630, 3]);
  const at = (x: number, y: number) => [...data.subarray((y * 1200 + x) * 3, (y * 1200 + x) * 3 + 3)];
  /** How many pixels of the rectangle are not `background`. */
  const ink = (x0: number, y0: number, x1: number, y1: number, background: number[]) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (at(x, y).some((c, i) => c !== background[i])) n++;
    return n;
  };
  /** Whether some pixel of the rectangle is exactly `color`. */
  const has = (x0: number, y0: number, x1: number, y1: number, color: readonly number[]) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (at(x, y).every((c, i) => c === color[i])) return true;
    return false;
  };
  return { at, ink, has };
}

const rgb = (hex: string) => [...parseColor(hex)!];
const DARK = rgb(DEFAULT_SHARE_IMAGE.colors.background);
const sha256 = (png: Buffer) => createHash('sha256').update(png).digest('hex');

describe('the shipped share-image settings', () => {
  it('draw every image as before the look could be set, byte for byte', async () => {
    const theme = themeOf();
    // Hashes of the images the renderer drew before it had a theme, for the same content.
    expect(sha256(await renderShareImage(post, theme))).toBe('ff6e6f897ced61d30c6d9da9c64a275640f9dd38133c0c3724cd5afc6f149327');
    expect(sha256(await renderShareImage(siteImage, theme))).toBe('affa795341dd86ac6851501cfcf4c10c9144c19bc367db30c9b50db60d80cea9');
    expect(sha256(await renderShareImage({ ...post, title: '「題」と括弧', tags: ['astro'] }, theme))).toBe(
      '06ed70249c9d2637056af2f22b350ec33ab86acae913d6f93c8c9a37bbad6ed6',
    );
    const long = { title: 'とても長い題名'.repeat(30), date: '2022年2月23日', tags: ['a'.repeat(60), 'b'], siteTitle: 'とても長いサイト名'.repeat(10) };
    expect(sha256(await renderShareImage(long, theme))).toBe('97ecb979ad69f0a5ae81935e48ba239f9d6c9cf9e65bfbd22e41d3c74949dc91');
  });
});

describe('share-image colours', () => {
  it('paint the background, the title and site name, the date, the tags and bar, and the description as set', async () => {
    const colors = { background: '#ffffff', text: '#123456', muted: '#a0522d', subtitle: '#2e8b57', accent: '#ff00aa' };
    const theme = withColors(colors);
    const page = await decoded(await renderShareImage(post, theme));
    expect(page.at(5, 5)).toEqual(rgb('#fff'));
    expect(page.at(600, 625)).toEqual(rgb(colors.accent)); // the bar
    // Where text covers a pixel wholly, it is its colour exactly.
    expect(page.has(72, 200, 1128, 450, rgb(colors.text))).toBe(true); // the title
    expect(page.has(72, 64, 600, 110, rgb(colors.muted))).toBe(true); // the date
    expect(page.has(72, 500, 600, 560, rgb(colors.accent))).toBe(true); // the tags
    expect(page.has(900, 500, 1128, 580, rgb(colors.text))).toBe(true); // the site's name
    const site = await decoded(await renderShareImage(siteImage, theme));
    expect(site.has(72, 300, 1128, 450, rgb(colors.subtitle))).toBe(true); // the description
    // None of them in the shipped image.
    const shipped = await decoded(await renderShareImage(post, themeOf()));
    for (const color of Object.values(colors)) expect(shipped.has(0, 0, 1200, 630, rgb(color))).toBe(false);
  });

  it('are read as #rrggbb or #rgb, in either case', () => {
    expect(parseColor('#0D1117')).toEqual([13, 17, 23]);
    expect(parseColor('#fa0')).toEqual([255, 170, 0]);
    for (const bad of ['0d1117', '#0d111', '#0d11177', 'red', 'rgb(0, 0, 0)', '#ggg']) expect(parseColor(bad), bad).toBeUndefined();
  });
});

describe('share-image fields', () => {
  it('leave out the date, the tags, the site name or the description each on its own', async () => {
    const all = await decoded(await renderShareImage(post, themeOf()));
    type Area = readonly [number, number, number, number];
    const areas: Record<string, Area> = { date: [72, 64, 600, 110], tags: [72, 500, 600, 560], siteName: [900, 500, 1128, 580] };
    for (const area of Object.values(areas)) expect(all.ink(...area, DARK)).toBeGreaterThan(300);
    for (const [field, area] of Object.entries(areas)) {
      const without = await decoded(await renderShareImage(post, withShown({ [field]: false })));
      expect(without.ink(...area, DARK), field).toBe(0);
      for (const [other, kept] of Object.entries(areas)) if (other !== field) expect(without.ink(...kept, DARK), `${other} without ${field}`).toBeGreaterThan(300);
    }
    expect((await decoded(await renderShareImage(siteImage, themeOf()))).ink(72, 330, 1128, 450, DARK)).toBeGreaterThan(300);
    expect((await decoded(await renderShareImage(siteImage, withShown({ description: false })))).ink(72, 330, 1128, 450, DARK)).toBe(0);
  });

  it('key the image by what it shows: a detail left out does not make it again when it changes', () => {
    const noDate = withShown({ date: false });
    expect(shareImageKey({ ...post, date: '2030年1月1日' }, noDate, 'code')).toBe(shareImageKey(post, noDate, 'code'));
    expect(shareImageKey({ ...post, date: '2030年1月1日' }, themeOf(), 'code')).not.toBe(shareImageKey(post, themeOf(), 'code'));
  });
});

describe('a share-image logo', () => {
  const red = (width: number, height: number, alpha = 1) =>
    sharp({ create: { width, height, channels: 4, background: { r: 255, g: 0, b: 0, alpha } } })
      .png()
      .toBuffer();

  it('is drawn bottom right, scaled into its 240x64 box, with the site name moved to its left', async () => {
    const logo = file('square.png', await red(500, 500));
    const theme = themeOf({ logo });
    expect([theme.logo?.width, theme.logo?.height]).toEqual([64, 64]);
    const png = await renderShareImage(post, theme);
    expect(png[25]).toBe(2); // an RGB PNG: a palette cannot hold a logo's colours
    const image = await decoded(png);
    // Centred on the footer's line, its right edge on the margin.
    expect(image.at(1096, 534)).toEqual([255, 0, 0]);
    expect(image.at(1127, 534)).toEqual([255, 0, 0]);
    expect(image.at(1128, 534)).toEqual(DARK);
    expect(image.ink(1064, 0, 1200, 480, DARK)).toBe(0);
    // The site's name ends LOGO_GAP before it, where it ended at the margin without a logo.
    expect(image.ink(1041, 500, 1064, 570, DARK)).toBe(0);
    expect(image.ink(900, 500, 1040, 570, DARK)).toBeGreaterThan(300);
    // Everything else is as without the logo.
    const plain = await decoded(await renderShareImage(post, themeOf()));
    for (const [x, y] of [[5, 5], [600, 625], [100, 100]] as const) expect(image.at(x, y)).toEqual(plain.at(x, y));
    expect(image.ink(72, 64, 1128, 480, DARK)).toBe(plain.ink(72, 64, 1128, 480, DARK));
  });

  it('keeps its proportions and blends what it lets through over the background', async () => {
    const theme = themeOf({ logo: file('wide.png', await red(960, 64, 0.5)) });
    expect([theme.logo?.width, theme.logo?.height]).toEqual([240, 16]);
    const image = await decoded(await renderShareImage(siteImage, theme));
    const [r, g, b] = image.at(1000, 534);
    expect(Math.abs(r! - (255 + DARK[0]!) / 2)).toBeLessThanOrEqual(2);
    expect(Math.abs(g! - DARK[1]! / 2)).toBeLessThanOrEqual(2);
    expect(Math.abs(b! - DARK[2]! / 2)).toBeLessThanOrEqual(2);
  });

  it('may be an SVG', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="60"><rect width="30" height="60" fill="#00f"/></svg>';
    const theme = themeOf({ logo: file('tall.svg', svg) });
    expect([theme.logo?.width, theme.logo?.height]).toEqual([32, 64]);
    expect((await decoded(await renderShareImage(post, theme))).at(1110, 534)).toEqual([0, 0, 255]);
  });
});

describe('a share-image font', () => {
  const katex = createRequire(import.meta.url).resolve('katex/dist/fonts/KaTeX_Main-Bold.ttf');

  it('draws the text in the font set, and keys the images by its bytes', async () => {
    const theme = themeOf({ font: katex });
    const latin = { ...post, title: 'Hello, fonts' };
    const drawn = await renderShareImage(latin, theme);
    expect(drawn.equals(await renderShareImage(latin, themeOf()))).toBe(false);
    expect((await decoded(drawn)).ink(72, 200, 1128, 450, DARK)).toBeGreaterThan(3000);
    expect(theme.key).not.toBe(themeOf().key);
    // A copy of the same font is the same theme; another font at the same path is not.
    const copy = file('copy.ttf', readFileSync(katex));
    expect(themeOf({ font: copy }).key).toBe(theme.key);
    writeFileSync(copy, readFileSync(createRequire(import.meta.url).resolve('katex/dist/fonts/KaTeX_Main-Italic.ttf')));
    expect(themeOf({ font: copy }).key).not.toBe(theme.key);
  });

  it('is checked for what the drawing needs', () => {
    expect(fontProblem(readFileSync(katex))).toBeUndefined();
    expect(fontProblem(Buffer.from('wOF2 and the rest of a web font'))).toMatch(/WOFF/u);
    expect(fontProblem(Buffer.from('not a font at all, only some text'))).toMatch(/not a TrueType or OpenType font/u);
    const noTables = Buffer.alloc(12);
    noTables.writeUInt32BE(0x00010000, 0);
    expect(fontProblem(noTables)).toMatch(/lacks the font tables head, hhea, cmap, glyf/u);
  });
});

describe('the share-image theme key', () => {
  it('changes with every colour, field, the logo file and the font file, and with nothing else', async () => {
    const keys = new Set<string>([themeOf().key, themeOf().key]);
    expect(keys.size).toBe(1);
    for (const name of Object.keys(DEFAULT_SHARE_IMAGE.colors)) keys.add(withColors({ [name]: '#010203' }).key);
    for (const name of Object.keys(DEFAULT_SHARE_IMAGE.show)) keys.add(withShown({ [name]: false }).key);
    const logo = file('key.png', await red(10, 10));
    keys.add(themeOf({ logo }).key);
    expect(keys.size).toBe(1 + 5 + 4 + 1);
    // The same colour written another way is the same theme.
    expect(withColors({ accent: '#6CB6FF' }).key).toBe(themeOf().key);
    expect(withColors({ background: '#fff' }).key).toBe(withColors({ background: '#FFFFFF' }).key);
  });

  it('is read again when the logo file changes under the same settings', async () => {
    const logo = file('changing.png', await red(10, 10));
    const settings = { ...DEFAULT_SHARE_IMAGE, logo };
    const before = shareImageTheme(settings, root);
    expect(shareImageTheme(settings, root)).toBe(before);
    writeFileSync(logo, await red(20, 10));
    expect(shareImageTheme(settings, root).key).not.toBe(before.key);
  });

  async function red(width: number, height: number) {
    return sharp({ create: { width, height, channels: 4, background: '#f00' } }).png().toBuffer();
  }
});

describe('bad share-image settings', () => {
  const problems = (settings: unknown) => {
    try {
      loadShareImageTheme(settings as ShareImageSettings, root);
    } catch (error) {
      expect(error).toBeInstanceOf(ShareImageSettingsError);
      expect((error as Error).message).toMatch(/^The share-image settings \(shareImage in src\/site\.config\.ts\) cannot be used:\n {2}/u);
      return (error as ShareImageSettingsError).problems;
    }
    return expect.fail('the settings were taken');
  };

  it('are each named at once, with what to write instead', () => {
    const said = problems({
      colors: { ...DEFAULT_SHARE_IMAGE.colors, background: 'white', accent: undefined, border: '#000' },
      show: { ...DEFAULT_SHARE_IMAGE.show, tags: 'yes' },
      logo: 'src/assets/no-such-logo.png',
      fonts: 'x',
    });
    expect(said).toEqual([
      'shareImage.fonts is not a setting (there are colors, show, logo, font)',
      'shareImage.colors.border is not a setting (there are background, text, muted, subtitle, accent)',
      `shareImage.colors.background: "white" is not a colour: write it as '#rrggbb' or '#rgb', such as '#0d1117'`,
      "shareImage.colors.accent is missing: a colour such as '#0d1117'",
      'shareImage.show.tags must be true or false, not "yes"',
      'shareImage.logo: src/assets/no-such-logo.png does not exist (paths start from the project folder)',
    ]);
  });

  it('name a logo that is not an image, or draws nothing', async () => {
    expect(problems({ ...DEFAULT_SHARE_IMAGE, logo: file('notes.txt', 'a logo, to do') })).toEqual([
      `shareImage.logo: ${join(dir, 'notes.txt')} is neither a PNG nor an SVG image`,
    ]);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } }).png().toBuffer();
    const broken = Buffer.concat([png.subarray(0, 40), Buffer.alloc(40)]);
    expect(problems({ ...DEFAULT_SHARE_IMAGE, logo: file('broken.png', broken) })).toEqual([
      expect.stringMatching(/^shareImage\.logo: .*broken\.png (draws nothing|cannot be read as an image)/u),
    ]);
    expect(problems({ ...DEFAULT_SHARE_IMAGE, logo: 'src' })).toEqual(['shareImage.logo: src is a folder, not a file (paths start from the project folder)']);
  });

  it('name a font file the images cannot be drawn with', () => {
    expect(problems({ ...DEFAULT_SHARE_IMAGE, font: file('font.ttf', 'not a font') })).toEqual([`shareImage.font: ${join(dir, 'font.ttf')} is not a TrueType or OpenType font`]);
    expect(problems({ ...DEFAULT_SHARE_IMAGE, font: 'src/assets/missing.otf' })).toEqual([
      'shareImage.font: src/assets/missing.otf does not exist (paths start from the project folder)',
    ]);
  });

  it('are refused whole when the section is not an object', () => {
    expect(problems(undefined)).toEqual(['shareImage must be an object: { colors, show, logo?, font? }']);
    expect(problems({ colors: 'dark', show: [] })).toEqual([
      'shareImage.colors must be an object with background, text, muted, subtitle, accent',
      'shareImage.show must be an object with date, tags, siteName, description, each true or false',
    ]);
  });
});
