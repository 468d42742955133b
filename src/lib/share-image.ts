/**
 * Share images (1200x630 PNG) made at build time with satori and resvg: the post's title, date, tags
 * and the site's name, in Noto Sans JP so that Japanese shows. Each image is cached under
 * node_modules/.cache/share-images by a hash of what it shows, so a rebuild renders only new or
 * changed posts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { fitTitle, SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH, TITLE_LINE_HEIGHT } from './share-image-layout.ts';

/** Bump when the layout changes, so that cached images are made again. */
const LAYOUT_VERSION = 2; // unchanged by the renderer options below
const FONT_NAME = 'Noto Sans JP';

export interface ShareImageContent {
  title: string;
  /** The date as shown, e.g. `2022年2月23日`; empty for the site's own image. */
  date: string;
  tags: string[];
  siteTitle: string;
  /** A line under the title for the site's own image (its description). */
  subtitle?: string | undefined;
}

let font: Buffer | undefined;
function loadFont(): Buffer {
  // The full TTF: satori reads neither WOFF2 nor collections (.ttc).
  font ??= readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'));
  return font;
}

type Node = { type: string; props: { style?: Record<string, unknown>; children?: unknown } };
const h = (type: string, style: Record<string, unknown>, children?: unknown): Node => ({ type, props: { style, children } });

function layout(content: ShareImageContent): Node {
  const { text, fontSize } = fitTitle(content.title);
  return h(
    'div',
    {
      width: SHARE_IMAGE_WIDTH,
      height: SHARE_IMAGE_HEIGHT,
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      boxSizing: 'border-box',
      padding: '64px 72px',
      // A flat colour: a gradient costs half as much again to rasterize, for every post.
      backgroundColor: '#0d1117',
      borderBottom: '12px solid #6cb6ff',
      color: '#f0f3f6',
      fontFamily: FONT_NAME,
    },
    [
      h('div', { display: 'flex', fontSize: 30, color: '#9198a1' }, content.date || content.siteTitle),
      h('div', { display: 'flex', flexDirection: 'column' }, [
        h('div', { display: 'flex', fontSize, lineHeight: TITLE_LINE_HEIGHT, fontWeight: 700, wordBreak: 'keep-all' }, text),
        ...(content.subtitle ? [h('div', { display: 'flex', fontSize: 30, color: '#c9d1d9', marginTop: 24 }, content.subtitle)] : []),
      ]),
      h('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', fontSize: 28 }, [
        h('div', { display: 'flex', flexWrap: 'wrap', gap: 12, color: '#6cb6ff', maxWidth: 760 }, content.tags.slice(0, 4).map((t) => `#${t}`).join('  ')),
        h('div', { display: 'flex', fontWeight: 700 }, content.date ? content.siteTitle : ''),
      ]),
    ],
  );
}

/** Renders the PNG, without the cache. */
export async function renderShareImage(content: ShareImageContent): Promise<Buffer> {
  const svg = await satori(layout(content) as Parameters<typeof satori>[0], {
    width: SHARE_IMAGE_WIDTH,
    height: SHARE_IMAGE_HEIGHT,
    fonts: [{ name: FONT_NAME, data: loadFont(), weight: 700, style: 'normal' }],
  });
  // No system fonts: satori already turned the text into paths, and loading them costs 20 ms an image.
  return new Resvg(svg, { fitTo: { mode: 'width', value: SHARE_IMAGE_WIDTH }, font: { loadSystemFonts: false } }).render().asPng();
}

export function shareImageKey(content: ShareImageContent): string {
  return createHash('sha256').update(JSON.stringify({ v: LAYOUT_VERSION, ...content })).digest('hex').slice(0, 32);
}

/** The PNG for `content`, from the cache in `cacheDir` when it was made before. */
export async function shareImage(content: ShareImageContent, cacheDir: string): Promise<Buffer> {
  const file = join(cacheDir, `${shareImageKey(content)}.png`);
  if (existsSync(file)) return readFileSync(file);
  const png = await renderShareImage(content);
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so that a build stopped half-way never leaves a broken image in the cache.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, file);
  return png;
}
