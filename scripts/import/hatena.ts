/**
 * Reads a Hatena Blog export: the Movable Type text file that 設定 → 詳細設定 → エクスポート gives
 * (`<blog>.hatenablog.com.export.txt`). Each entry is a run of `KEY: value` lines (`AUTHOR`, `TITLE`,
 * `BASENAME`, `STATUS`, `ALLOW COMMENTS`, `CONVERT BREAKS`, `DATE`, `CATEGORY` (one line each), `IMAGE`),
 * then `-----`-separated sections (`BODY:`, `EXTENDED BODY:`, `EXCERPT:`, `COMMENT:`, …); entries end with
 * `--------`.
 *
 * What maps to what:
 * - `TITLE`, its HTML entities decoded (Movable Type's format: templates write the title as HTML); `DATE` (`MM/DD/YYYY hh:mm:ss`, with `AM`/`PM` or 24-hour) read in Asia/Tokyo, where Hatena
 *   writes it; `STATUS: Publish` → published, anything else (`Draft`) → a draft.
 * - tags: every `CATEGORY` (and `PRIMARY CATEGORY`, `TAGS`); `EXCERPT` is the description.
 * - the old URL is `/entry/<BASENAME>`; the new slug is the BASENAME (`2017/04/09/194939`, `poem`); a
 *   post's `source` is `<export file>#<n>`, n counting entries from 1.
 * - the body is HTML and stays HTML, made to survive being read as Markdown; headings at its top level
 *   become Markdown headings (ids, table of contents); `EXTENDED BODY` follows `<!-- more -->`;
 *   `[:contents]` and `[https://…:embed:cite]` are kept (this blog renders both), Hatena's photo notation
 *   (`[f:id:user:20200101123456p:plain]`) becomes the fotolife image and `[url:title=…]` a link. Comments
 *   are not imported.
 * - `CONVERT BREAKS` other than `0` means the body is text: it is read with `breaks: true`.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { decodeHTML } from 'entities';
import {
  aliasPath,
  Attention,
  collectImages,
  HtmlBody,
  markdownHeadings,
  protectRawElements,
  readDate,
  readSourceText,
  slugPath,
  tagList,
  uniqueSlugs,
} from './reader-kit.ts';
import { htmlToText } from '../../src/blog/text.ts';
import type { SourceFailure, SourcePost, SourceReading } from './source-post.ts';

/** Hatena writes export dates in Japan time, whatever the blog's settings. */
export const HATENA_TIME_ZONE = 'Asia/Tokyo';

/** One entry of a Movable Type export, as written. */
export interface MtEntry {
  /** 1-based position in the file. */
  index: number;
  fields: Map<string, string[]>;
  sections: Map<string, string>;
}

/**
 * Reads the Hatena export at `path` (the `.txt` file, or a folder holding one `*.export.txt` or `.txt`).
 * The `timeZone` option is not used: Hatena's dates are Japan time. Throws when it is not an export.
 */
export function read(path: string, _options: { timeZone: string }): SourceReading {
  const file = exportFile(path);
  const name = basename(file);
  const entries = parseMovableType(readSourceText(file));
  if (entries.length === 0 || !entries.some((e) => e.fields.has('TITLE') || e.sections.has('BODY'))) {
    throw new Error(`${path}: not a Hatena Blog (Movable Type) export: no TITLE: or BODY: found`);
  }
  const failures: SourceFailure[] = [];
  const drafts: { entry: MtEntry; post: SourcePost; basename: string }[] = [];
  for (const entry of entries) {
    const result = readEntry(entry, name);
    if ('reason' in result) failures.push(result);
    else drafts.push({ entry, post: result.post, basename: result.basename });
  }
  const slugs = uniqueSlugs(
    drafts.map((d) => {
      const base = slugPath(d.basename);
      return base ? [base, `${base}-${d.entry.index}`] : [`entry-${d.entry.index}`];
    }),
  );
  const posts = drafts.map((d, i) => ({ ...d.post, slug: slugs[i]! }));
  return { kind: 'hatena', posts, failures };
}

function exportFile(path: string): string {
  const full = resolve(path);
  if (!statSync(full).isDirectory()) return full;
  const names = readdirSync(full);
  const exports = names.filter((n) => n.endsWith('.export.txt'));
  const candidates = exports.length > 0 ? exports : names.filter((n) => n.toLowerCase().endsWith('.txt'));
  if (candidates.length !== 1) throw new Error(`${path}: give the Hatena export file itself (${candidates.length} candidate .txt files here)`);
  return join(full, candidates[0]!);
}

const MULTILINE = new Set(['BODY', 'EXTENDED BODY', 'EXCERPT', 'KEYWORDS', 'COMMENT', 'PING']);

/** Splits a Movable Type export into entries: their one-line fields and their multi-line sections. */
export function parseMovableType(text: string): MtEntry[] {
  const entries: MtEntry[] = [];
  const blocks = text.split(/^--------[ \t]*$/mu);
  blocks.forEach((block) => {
    if (block.trim() === '') return;
    const entry: MtEntry = { index: entries.length + 1, fields: new Map(), sections: new Map() };
    const lines = block.replace(/^\n+/u, '').split('\n');
    let i = 0;
    // One-line fields, up to the first `-----`.
    for (; i < lines.length && !/^-----[ \t]*$/u.test(lines[i]!); i++) {
      const m = /^([A-Z][A-Z ]*?):[ \t]?(.*)$/u.exec(lines[i]!);
      if (!m) continue;
      const list = entry.fields.get(m[1]!) ?? [];
      list.push(m[2]!.trim());
      entry.fields.set(m[1]!, list);
    }
    // Sections: a `KEY:` line, its text, then `-----`.
    for (i++; i < lines.length; i++) {
      const m = /^([A-Z][A-Z ]*?):[ \t]*(.*)$/u.exec(lines[i]!);
      if (!m || !MULTILINE.has(m[1]!)) continue;
      const key = m[1]!;
      const content: string[] = m[2] ? [m[2]] : [];
      for (i++; i < lines.length && !/^-----[ \t]*$/u.test(lines[i]!); i++) content.push(lines[i]!);
      // Comments repeat; the others are one section each.
      const previous = entry.sections.get(key);
      entry.sections.set(key, previous === undefined ? content.join('\n') : `${previous}\n${content.join('\n')}`);
    }
    entries.push(entry);
  });
  return entries;
}

/** `04/09/2017 07:49:39 PM` or `04/22/2017 20:41:58` as `2017-04-09 19:49:39`; undefined when not such a date. */
export function mtDate(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/iu.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[4]);
  const half = m[7]?.toUpperCase();
  if (half && (hour < 1 || hour > 12)) return undefined;
  if (half === 'PM' && hour < 12) hour += 12;
  if (half === 'AM' && hour === 12) hour = 0;
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')} ${String(hour).padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}`;
}

function readEntry(entry: MtEntry, fileName: string): { post: SourcePost; basename: string } | SourceFailure {
  const one = (key: string) => entry.fields.get(key)?.[0]?.trim() ?? '';
  const base = one('BASENAME');
  const source = `${fileName}#${entry.index}`;
  const attention = new Attention();
  const label = base ? `${source} (${base})` : source;

  const writtenDate = one('DATE');
  if (!writtenDate) return { source: label, reason: 'no DATE: line' };
  const iso = mtDate(writtenDate);
  const date = readDate(iso ?? writtenDate, HATENA_TIME_ZONE);
  if ('error' in date) return { source: label, reason: `DATE: "${writtenDate}" is not a date: Hatena writes MM/DD/YYYY hh:mm:ss` };

  let title = decodeHTML(one('TITLE')).trim();
  if (!title) {
    title = base || `entry ${entry.index}`;
    attention.add('no title: the BASENAME is used');
  }
  const status = one('STATUS').toLowerCase();
  const published = status === 'publish';

  const tags = tagList(
    (entry.fields.get('PRIMARY CATEGORY') ?? []).map(decodeHTML),
    (entry.fields.get('CATEGORY') ?? []).map(decodeHTML),
    (entry.fields.get('TAGS') ?? []).flatMap((line) => [...line.matchAll(/"([^"]*)"|([^,]+)/gu)].map((m) => decodeHTML((m[1] ?? m[2] ?? '').trim()))),
  );

  const convertBreaks = one('CONVERT BREAKS') || '0';
  const isHtml = convertBreaks === '0' || convertBreaks === '';
  const bodyText = entry.sections.get('BODY') ?? '';
  const extended = entry.sections.get('EXTENDED BODY') ?? '';
  const body = isHtml ? convertHatenaHtml(bodyText, extended, attention) : textBody(bodyText, extended);

  const images = collectImages(body, () => undefined);
  const alias = base ? aliasPath(`/entry/${base}`) : undefined;
  const post: SourcePost = {
    source,
    slug: '',
    ext: '.md',
    title,
    date: date.text,
    published,
    tags,
    aliases: alias ? [alias] : [],
    body,
    images,
    attention: [],
  };
  if (!isHtml) post.breaks = true;
  const excerpt = htmlToText(entry.sections.get('EXCERPT') ?? '');
  if (excerpt) post.description = excerpt;
  if (!base) attention.add('no BASENAME: the old URL is unknown');
  post.attention = attention.list();
  return { post, basename: base };
}

/** A text body (`CONVERT BREAKS: 1`): kept as written, the extended body after `<!-- more -->`. */
function textBody(body: string, extended: string): string {
  return `${[body.trim(), extended.trim() ? `<!-- more -->\n\n${extended.trim()}` : ''].filter(Boolean).join('\n\n')}\n`;
}

/** Hatena's fotolife image of a `[f:id:user:20200101123456p:plain]` notation. */
function fotolife(user: string, id: string, kind: string): string {
  const ext = kind === 'j' ? 'jpg' : kind === 'g' ? 'gif' : 'png';
  return `https://cdn-ak.f.st-hatena.com/images/fotolife/${user[0]}/${user}/${id.slice(0, 8)}/${id}.${ext}`;
}

/** An HTML body (and extended body) as this blog's Markdown: see the module comment. */
export function convertHatenaHtml(bodyHtml: string, extendedHtml: string, attention: Attention): string {
  const html = new HtmlBody();
  const convert = (source: string): string => {
    let text = protectRawElements(source);
    // Lines this blog reads as Markdown, alone or wrapped in a paragraph of their own.
    text = text.replace(/^[ \t]*(?:<p>\s*)?(\[:contents\])(?:\s*<\/p>)?[ \t]*$/gmu, () => html.markdown('[:contents]'));
    text = text.replace(/^[ \t]*(?:<p>\s*)?\[(https?:\/\/[^\]\s]+?):embed(?::cite)?\](?:\s*<\/p>)?[ \t]*$/gmu, (_, url: string) => html.markdown(`[${url}:embed:cite]`));
    text = text.replace(/<!--\s*more\s*-->/giu, () => html.markdown('<!-- more -->'));
    text = text.replace(/\[f:id:([\w-]+):(\d{14})([pjg])(?::([\w:]+))?\]/gu, (_, user: string, id: string, kind: string, opts: string | undefined) => {
      const width = /(?:^|:)w(\d+)/u.exec(opts ?? '')?.[1];
      return `<img src="${fotolife(user, id, kind)}" alt=""${width ? ` width="${width}"` : ''}>`;
    });
    text = text.replace(/\[(https?:\/\/[^\]\s:]+(?::\d+)?[^\]\s]*?):title(?:=([^\]]*))?\]/gu, (_, url: string, label: string | undefined) => `<a href="${url}">${label ?? url}</a>`);
    const left = /\[(?:https?:\/\/[^\]\s]+|[a-z]+:[^\]\s]+):(?:embed|title|image|detail|barcode|movie)[^\]]*\]/giu;
    for (const m of text.matchAll(left)) attention.add(`Hatena notation ${m[0].slice(0, 60)} left as text`);
    return markdownHeadings(text, html);
  };
  let text = convert(bodyHtml);
  if (extendedHtml.trim() !== '') text += html.markdown('<!-- more -->') + convert(extendedHtml);
  return html.assemble(text);
}
