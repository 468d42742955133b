/**
 * Share images (1200x630 PNG) made at build time: the post's title, and as the theme says (theme.ts,
 * set in src/site.config.ts) its date, tags and the site's name, a logo, in the theme's colours and
 * font. The picture is a flat background with text, so it is drawn straight into a palette image
 * (canvas.ts) from cached glyphs (font.ts) and encoded as an 8-bit palette PNG (png.ts); with a logo,
 * as an RGB one. Each image is cached (cache.ts) by `shareImageKey`: a hash of what it shows, of the
 * theme and of the code that draws it, so a rebuild makes only new or changed ones, and all of them
 * after a change to the theme or the drawing.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { codeFingerprint } from '../build-speed/code-fingerprint.ts';
import { OPENING_BRACKET_BLANK, startsWithOpeningBracket } from '../typesetting/opening-bracket.ts';
import { projectFolder } from '../project/project-folder.ts';
import { Canvas, LEVELS, paletteOf, shade, truecolorRows } from './canvas.ts';
import { loadShareFont } from './font.ts';
import { fitLines, fitTitle, LOGO_GAP, SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH, TITLE_LINE_HEIGHT } from './layout.ts';
import { encodePalettePng, encodeTruecolorPng } from './png.ts';
import type { ShareImageFields } from './settings.ts';
import type { Rgb, ShareImageTheme } from './theme.ts';

let drawingCode: string | undefined;
/** A hash of the code that draws the images (this file and what it imports, the packages). */
function shareImageCode(): string {
  const root = projectFolder();
  return (drawingCode ??= codeFingerprint(root, [join(root, 'src', 'share-images', 'draw.ts')]));
}

/** What a share image shows. */
export interface ShareImageContent {
  title: string;
  /** The date as shown, e.g. `2022年2月23日`; empty for the site's own image. */
  date: string;
  tags: string[];
  /** Shown bottom right, unless it is the title (the site's own image). */
  siteTitle: string;
  /** A line under the title for the site's own image (its description). */
  subtitle?: string | undefined;
}

const PADDING = { x: 72, top: 64, bottom: 64 };
const BORDER = 12;
const TAGS_WIDTH = 760;
const SMALL = { date: 30, subtitle: 30, footer: 28 };
/** The fewest ems of room in which the site's name is still drawn beside the tags and the logo. */
const MIN_NAME_ROOM = 2;

/** `content` with the details `show` leaves out emptied: what the image really shows. */
export function shownContent(content: ShareImageContent, show: ShareImageFields): ShareImageContent {
  return {
    title: content.title,
    date: show.date ? content.date : '',
    tags: show.tags ? content.tags : [],
    siteTitle: show.siteName ? content.siteTitle : '',
    subtitle: show.description ? content.subtitle : undefined,
  };
}

/** The tags as shown (`#a  #b`), as many as fit. */
function tagLine(canvas: Canvas, tags: string[]): string {
  let line = '';
  for (const tag of tags.slice(0, 4)) {
    const next = line ? `${line}  #${tag}` : `#${tag}`;
    if (canvas.width(next, SMALL.footer) > TAGS_WIDTH) break;
    line = next;
  }
  return line;
}

let spareCanvas: Canvas | undefined;
const palettes = new Map<string, Rgb[]>();

/** Renders the PNG of `content` in `theme`, without the cache. */
export async function renderShareImage(content: ShareImageContent, theme: ShareImageTheme): Promise<Buffer> {
  const shown = shownContent(content, theme.show);
  const font = await loadShareFont(theme.font);
  // One canvas for every image: a new one each time is a byte a pixel for the garbage collector per image.
  // Drawing is synchronous from here on, so two images never share it at once.
  if (spareCanvas?.font !== font) spareCanvas = new Canvas(font);
  const canvas = spareCanvas.clear();
  const em = (text: string) => canvas.width(text, 1);
  const { lines, fontSize } = fitTitle(shown.title, em);
  const box = (SHARE_IMAGE_WIDTH - 2 * PADDING.x) / SMALL.date; // the content width in ems of the small text
  const top = fitLines(shown.date, box, 1, em)[0] ?? '';
  const subtitleLines = shown.subtitle ? fitLines(shown.subtitle, box, 1, em) : [];
  const x = PADDING.x;
  const right = SHARE_IMAGE_WIDTH - PADDING.x;

  // Three rows spread over the height (like flex's space-between): date, title block, footer.
  const head = top ? canvas.normalLine(SMALL.date) : 0;
  const foot = canvas.normalLine(SMALL.footer);
  const titleLine = fontSize * TITLE_LINE_HEIGHT;
  const subtitle = subtitleLines.length > 0 ? 24 + canvas.normalLine(SMALL.subtitle) : 0;
  const footTop = SHARE_IMAGE_HEIGHT - BORDER - PADDING.bottom - foot;
  const free = footTop - (PADDING.top + head) - (lines.length * titleLine + subtitle);
  let y = PADDING.top + head + Math.max(0, free / 2);

  canvas.text(top, SMALL.date, 'muted', x, PADDING.top);
  for (const line of lines) {
    // A line that starts with 「 is set flush with the others, not indented by the bracket's blank half.
    const hang = startsWithOpeningBracket(line) ? OPENING_BRACKET_BLANK * fontSize : 0;
    canvas.text(line, fontSize, 'text', x - hang, y, titleLine);
    y += titleLine;
  }
  if (subtitleLines[0]) canvas.text(subtitleLines[0], SMALL.subtitle, 'subtitle', x, y + 24);
  const tags = tagLine(canvas, shown.tags);
  canvas.text(tags, SMALL.footer, 'accent', x, footTop);
  // The logo sits bottom right, centred on the footer's line; the site's name goes to its left.
  const { logo } = theme;
  const nameRight = logo ? right - logo.width - LOGO_GAP : right;
  if (shown.siteTitle && shown.siteTitle.trim() !== shown.title.trim()) {
    // The site's name goes bottom right, in what room the tags (and the logo) leave.
    const room = (nameRight - x - (tags ? canvas.width(tags, SMALL.footer) + 48 : 0)) / SMALL.footer;
    const [name = ''] = room >= MIN_NAME_ROOM ? fitLines(shown.siteTitle, room, 1, em) : [];
    canvas.text(name, SMALL.footer, 'text', nameRight - canvas.width(name, SMALL.footer), footTop);
  }
  canvas.fillRows(SHARE_IMAGE_HEIGHT - BORDER, BORDER, shade('accent', LEVELS));

  const key = JSON.stringify(theme.colors);
  let palette = palettes.get(key);
  if (!palette) palettes.set(key, (palette = paletteOf(theme.colors)));
  const size = { width: SHARE_IMAGE_WIDTH, height: SHARE_IMAGE_HEIGHT };
  if (!logo) return encodePalettePng({ ...size, scanlines: canvas.scanlines, palette });
  const logoTop = Math.round(footTop + foot / 2 - logo.height / 2);
  return encodeTruecolorPng({ ...size, scanlines: truecolorRows(canvas.scanlines, palette, logo, right - logo.width, logoTop) });
}

/** The cache name of the image showing `content` in `theme`, drawn by the code `code` hashes to. */
export function shareImageKey(content: ShareImageContent, theme: Pick<ShareImageTheme, 'key' | 'show'>, code = shareImageCode()): string {
  const shown = shownContent(content, theme.show);
  return createHash('sha256').update(JSON.stringify({ code, theme: theme.key, ...shown })).digest('hex').slice(0, 32);
}
