/**
 * How share images look: the `shareImage` settings of src/site.config.ts (colours, which details
 * show, a logo, the font), checked and read into what the drawing uses. Every bad setting is named
 * at once, with what to write instead, and stops the build. The theme's `key` hashes the settings and
 * the bytes of the logo and font files, so that changing any of them draws every image again.
 *
 * This file must not import src/site.config.ts: the drawing code's hash (draw.ts) follows imports,
 * and would then change with every setting of the site, such as its page size. The settings' types
 * are in settings.ts, which imports nothing, for the config to import.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { LOGO_BOX } from './layout.ts';
import type { ShareImageColors, ShareImageFields, ShareImageSettings } from './settings.ts';

/** A colour as red, green and blue, 0-255. */
export type Rgb = readonly [number, number, number];

/** A logo rasterized to its size on the image: premultiplied RGBA, 4 bytes a pixel. */
export interface LogoImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** The font the images are drawn with: its file, its bytes and a hash of them. */
export interface ThemeFont {
  file: string;
  bytes: Uint8Array;
  hash: string;
}

/** The settings, checked and read: what the drawing code needs. */
export interface ShareImageTheme {
  colors: Readonly<Record<keyof ShareImageColors, Rgb>>;
  show: Readonly<ShareImageFields>;
  logo: LogoImage | undefined;
  font: ThemeFont;
  /** A hash of everything above, the logo's and the font's file bytes included. */
  key: string;
}

const COLOR_NAMES = ['background', 'text', 'muted', 'subtitle', 'accent'] as const satisfies readonly (keyof ShareImageColors)[];
const FIELD_NAMES = ['date', 'tags', 'siteName', 'description'] as const satisfies readonly (keyof ShareImageFields)[];
const SETTING_NAMES = ['colors', 'show', 'logo', 'font'] as const satisfies readonly (keyof ShareImageSettings)[];
const DEFAULT_FONT = '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf';
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/iu;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Settings that cannot be used, each named with what is wrong: the build stops with this message. */
export class ShareImageSettingsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`The share-image settings (shareImage in src/site.config.ts) cannot be used:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ShareImageSettingsError';
    this.problems = problems;
  }
}

let last: { signature: string; theme: ShareImageTheme } | undefined;

/**
 * The theme `settings` ask for, with files read from the project folder `root`. Read again only
 * when the settings or the logo's or font's file change (so `astro dev` sees a new logo on the next
 * request). Throws a ShareImageSettingsError naming every bad setting.
 */
export function shareImageTheme(settings: ShareImageSettings, root: string): ShareImageTheme {
  const signature = JSON.stringify([root, settings, fileState(root, settings.logo), fileState(root, settings.font)]);
  if (last?.signature !== signature) last = { signature, theme: loadShareImageTheme(settings, root) };
  return last.theme;
}

/** Size and time of the file a setting names, to see it change. */
function fileState(root: string, path: unknown): string {
  if (typeof path !== 'string') return '';
  try {
    const { size, mtimeMs, ino } = statSync(resolve(root, path));
    return `${size}/${mtimeMs}/${ino}`;
  } catch {
    return 'missing';
  }
}

/** Checks and reads `settings` (see shareImageTheme), without keeping the result. */
export function loadShareImageTheme(settings: ShareImageSettings, root: string): ShareImageTheme {
  const problems: string[] = [];
  if (!isRecord(settings)) throw new ShareImageSettingsError(['shareImage must be an object: { colors, show, logo?, font? }']);
  problems.push(...unknownKeys(settings, SETTING_NAMES, 'shareImage'));

  const colors = {} as Record<keyof ShareImageColors, Rgb>;
  const hex = {} as Record<keyof ShareImageColors, string>;
  if (!isRecord(settings.colors)) problems.push(`shareImage.colors must be an object with ${COLOR_NAMES.join(', ')}`);
  else {
    problems.push(...unknownKeys(settings.colors, COLOR_NAMES, 'shareImage.colors'));
    for (const name of COLOR_NAMES) {
      const value: unknown = settings.colors[name];
      const rgb = typeof value === 'string' ? parseColor(value) : undefined;
      if (rgb) {
        colors[name] = rgb;
        hex[name] = rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
      } else if (value === undefined) problems.push(`shareImage.colors.${name} is missing: a colour such as '#0d1117'`);
      else problems.push(`shareImage.colors.${name}: ${JSON.stringify(value)} is not a colour: write it as '#rrggbb' or '#rgb', such as '#0d1117'`);
    }
  }

  const show = {} as Record<keyof ShareImageFields, boolean>;
  if (!isRecord(settings.show)) problems.push(`shareImage.show must be an object with ${FIELD_NAMES.join(', ')}, each true or false`);
  else {
    problems.push(...unknownKeys(settings.show, FIELD_NAMES, 'shareImage.show'));
    for (const name of FIELD_NAMES) {
      const value: unknown = settings.show[name];
      if (typeof value === 'boolean') show[name] = value;
      else problems.push(`shareImage.show.${name} must be true or false, not ${JSON.stringify(value) ?? 'missing'}`);
    }
  }

  const logoFile = readSetting(settings.logo, 'shareImage.logo', root, problems);
  const logo = logoFile && rasterizeLogo(logoFile, root, problems);
  const fontFile = settings.font === undefined ? { path: createRequire(import.meta.url).resolve(DEFAULT_FONT), bytes: undefined } : readSetting(settings.font, 'shareImage.font', root, problems);
  const fontBytes = fontFile && (fontFile.bytes ?? readFileSync(fontFile.path));
  if (fontFile && fontBytes && settings.font !== undefined) {
    const problem = fontProblem(fontBytes);
    if (problem) problems.push(`shareImage.font: ${shown(fontFile.path, root)} ${problem}`);
  }
  if (problems.length > 0 || !fontFile || !fontBytes) throw new ShareImageSettingsError(problems);

  const font = { file: fontFile.path, bytes: new Uint8Array(fontBytes.buffer, fontBytes.byteOffset, fontBytes.byteLength), hash: sha256(fontBytes) };
  const key = sha256(JSON.stringify({ colors: hex, show, logo: logoFile ? sha256(logoFile.bytes) : null, font: font.hash })).slice(0, 32);
  return { colors, show, logo: logo || undefined, font, key };
}

/** `#rgb` or `#rrggbb` as RGB, or undefined. */
export function parseColor(value: string): Rgb | undefined {
  if (!HEX_COLOR.test(value)) return undefined;
  const digits = value.length === 4 ? [...value.slice(1)].map((d) => d + d) : [value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
  return digits.map((d) => Number.parseInt(d, 16)) as unknown as Rgb;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownKeys(object: Record<string, unknown>, known: readonly string[], where: string): string[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key))
    .map((key) => `${where}.${key} is not a setting (there are ${known.join(', ')})`);
}

/** The file a path setting names, read; a problem noted when it cannot be. */
function readSetting(value: unknown, name: string, root: string, problems: string[]): { path: string; bytes: Buffer } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${name} must be a file's path from the project folder, such as 'src/assets/logo.png', or be left out`);
    return undefined;
  }
  const path = resolve(root, value);
  try {
    return { path, bytes: readFileSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
    problems.push(`${name}: ${shown(path, root)} ${why} (paths start from the project folder)`);
    return undefined;
  }
}

/** A path as the user wrote it: from the project folder when it is inside it. */
function shown(path: string, root: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split(sep).join('/');
}

/** The logo drawn at the largest size that fits LOGO_BOX with its proportions kept. */
function rasterizeLogo({ path, bytes }: { path: string; bytes: Buffer }, root: string, problems: string[]): LogoImage | undefined {
  const name = `shareImage.logo: ${shown(path, root)}`;
  const isPng = bytes.subarray(0, 8).equals(PNG_SIGNATURE);
  const text = isPng ? '' : bytes.toString('utf8');
  if (!isPng && !/<svg[\s>]/u.test(text)) {
    problems.push(`${name} is neither a PNG nor an SVG image`);
    return undefined;
  }
  // resvg draws both (the one rasterizer of the share images), not sharp: on glibc Linux sharp, a
  // native addon, must be loaded by the main thread before a worker thread loads it, and the
  // drawing worker cannot count on that.
  const options = { font: { loadSystemFonts: false } };
  try {
    const natural = isPng ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : new Resvg(text, options);
    const scale = Math.min(LOGO_BOX.width / natural.width, LOGO_BOX.height / natural.height);
    const width = Math.max(1, Math.min(LOGO_BOX.width, Math.round(natural.width * scale)));
    const height = Math.max(1, Math.min(LOGO_BOX.height, Math.round(natural.height * scale)));
    const svg = isPng
      ? `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" preserveAspectRatio="none" href="data:image/png;base64,${bytes.toString('base64')}"/></svg>`
      : text;
    const image = new Resvg(svg, { ...options, fitTo: { mode: 'width', value: width } }).render();
    const pixels = new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
    // resvg leaves out an image it cannot decode, with no error: a logo of no visible pixel is one.
    if (!pixels.some((value, i) => i % 4 === 3 && value > 0)) {
      problems.push(`${name} draws nothing: it is damaged, or wholly transparent`);
      return undefined;
    }
    return { width: image.width, height: image.height, pixels };
  } catch (error) {
    problems.push(`${name} cannot be read as an image: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/**
 * Why `bytes` is not a font the images can be drawn with (HarfBuzz shapes it, its outlines are
 * drawn), or undefined when it is one: an OpenType table directory with the tables that needs.
 */
export function fontProblem(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength < 12) return 'is not a TrueType or OpenType font';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  let start = 0;
  const signature = tag(0);
  if (signature === 'wOFF' || signature === 'wOF2') return 'is a web font (WOFF): use the same font as a .ttf or .otf file';
  if (signature === 'ttcf') start = view.getUint32(12); // a collection: its first font
  else if (signature !== '\u0000\u0001\u0000\u0000' && signature !== 'OTTO' && signature !== 'true') return 'is not a TrueType or OpenType font';
  if (start + 12 > bytes.byteLength) return 'is not a TrueType or OpenType font';
  const count = view.getUint16(start + 4);
  if (start + 12 + count * 16 > bytes.byteLength) return 'is cut short: its table directory runs past the end of the file';
  const tables = new Set(Array.from({ length: count }, (_, i) => tag(start + 12 + i * 16)));
  const missing = ['head', 'hhea', 'cmap'].filter((t) => !tables.has(t));
  if (!tables.has('glyf') && !tables.has('CFF ') && !tables.has('CFF2')) missing.push('glyf (or CFF)');
  return missing.length > 0 ? `lacks the font tables ${missing.join(', ')}: not a font the images can be drawn with` : undefined;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
