/**
 * Share images (1200x630 PNG) made at build time: the post's title, date, tags and the site's name,
 * in Noto Sans JP so that Japanese shows. The picture is a flat background with text, so it is drawn
 * straight into a palette image (src/lib/share-image-canvas.ts) from cached glyphs
 * (src/lib/share-image-font.ts) and encoded as an
 * 8-bit palette PNG (src/lib/png.ts). Each image is cached (src/lib/share-image-cache.ts) by
 * `shareImageKey`: a hash of what it shows and of the code that draws it, so a rebuild makes only new
 * or changed ones, and all of them after a change to the drawing.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { codeFingerprint } from './code-fingerprint.ts';
import { projectFolder } from './project-folder.ts';
import { encodePalettePng } from './png.ts';
import { Canvas, LEVELS, palette, shade } from './share-image-canvas.ts';
import { loadShareFont } from './share-image-font.ts';
import { fitLines, fitTitle, SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH, TITLE_LINE_HEIGHT } from './share-image-layout.ts';
import { OPENING_BRACKET_BLANK, startsWithOpeningBracket } from './opening-bracket.ts';

let drawingCode: string | undefined;
/** A hash of the code that draws the images (this file and what it imports, the packages, the font). */
function shareImageCode(): string {
  const root = projectFolder();
  return (drawingCode ??= codeFingerprint(root, [join(root, 'src', 'lib', 'share-image.ts')]));
}

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

/** Renders the PNG, without the cache. */
export async function renderShareImage(content: ShareImageContent): Promise<Buffer> {
  const font = await loadShareFont();
  // One canvas for every image: a new one each time is 750 KB for the garbage collector per image.
  // Drawing is synchronous from here on, so two images never share it at once.
  const canvas = (spareCanvas ??= new Canvas(font)).clear();
  const em = (text: string) => canvas.width(text, 1);
  const { lines, fontSize } = fitTitle(content.title, em);
  const box = (SHARE_IMAGE_WIDTH - 2 * PADDING.x) / SMALL.date; // the content width in ems of the small text
  const top = fitLines(content.date, box, 1, em)[0] ?? '';
  const subtitleLines = content.subtitle ? fitLines(content.subtitle, box, 1, em) : [];
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
  if (subtitleLines[0]) canvas.text(subtitleLines[0], SMALL.subtitle, 'soft', x, y + 24);
  const tags = tagLine(canvas, content.tags);
  canvas.text(tags, SMALL.footer, 'accent', x, footTop);
  if (content.siteTitle.trim() !== content.title.trim()) {
    // The site's name goes bottom right, in what room the tags leave.
    const room = (SHARE_IMAGE_WIDTH - 2 * PADDING.x - (tags ? canvas.width(tags, SMALL.footer) + 48 : 0)) / SMALL.footer;
    const [name = ''] = fitLines(content.siteTitle, room, 1, em);
    canvas.text(name, SMALL.footer, 'text', right - canvas.width(name, SMALL.footer), footTop);
  }
  canvas.fillRows(SHARE_IMAGE_HEIGHT - BORDER, BORDER, shade('accent', LEVELS));
  return encodePalettePng({ width: SHARE_IMAGE_WIDTH, height: SHARE_IMAGE_HEIGHT, scanlines: canvas.scanlines, palette });
}

/** The cache name of the image showing `content`, drawn by the code `code` hashes to. */
export function shareImageKey(content: ShareImageContent, code = shareImageCode()): string {
  return createHash('sha256').update(JSON.stringify({ code, ...content })).digest('hex').slice(0, 32);
}
