/**
 * `<img>` tags in raw HTML that a post writes (`<img src="https://…">`, common in posts from WordPress
 * and Jekyll): found as an HTML tokenizer finds start tags, so that an `<img` inside a comment or inside
 * another tag's attribute value is left alone, and given attributes they lack. Only attributes are
 * added: what the author wrote, the address above all, is never changed.
 */
import { decodeHTMLAttribute } from 'entities';
import { escapeHtml } from '../blog/escape.ts';

/** One `<img>` start tag: its attributes (names in lower case, values decoded) and where it ends. */
interface ImgTag {
  attributes: Map<string, string>;
  /** Where the added attributes go: before `>`, or before `/>` of a tag written self-closing. */
  insertAt: number;
  end: number;
  /** The tag ends with `>` (one cut off by the end of the HTML is no tag to add to). */
  complete: boolean;
}

const SPACE = /[\t\n\f\r ]/u;
const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/u.test(c);

/** Reads the start tag whose name ends at `from` up to its `>`: its attributes and its end. */
function readAttributes(html: string, from: number): ImgTag {
  const attributes = new Map<string, string>();
  let i = from;
  let insertAt = -1;
  while (i < html.length) {
    while (isSpace(html[i])) i++;
    if (html[i] === '>') {
      insertAt = insertAt >= 0 && insertAt === i - 1 ? insertAt : i;
      return { attributes, insertAt, end: i + 1, complete: true };
    }
    if (html[i] === '/') {
      insertAt = i;
      i++;
      continue;
    }
    insertAt = -1;
    const nameStart = i;
    // The first character may be `=`, as the tokenizer reads it; the name runs to a space, `/`, `>` or `=`.
    i++;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i++;
    const name = html.slice(nameStart, i).toLowerCase();
    let j = i;
    while (isSpace(html[j])) j++;
    let value = '';
    if (html[j] === '=') {
      j++;
      while (isSpace(html[j])) j++;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, j + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(j + 1, stop);
        i = stop + 1;
      } else {
        const start = j;
        while (j < html.length && !isSpace(html[j]) && html[j] !== '>') j++;
        value = html.slice(start, j);
        i = j;
      }
    }
    // A repeated attribute is ignored, as browsers ignore it.
    if (!attributes.has(name)) attributes.set(name, decodeHTMLAttribute(value));
  }
  return { attributes, insertAt: html.length, end: html.length, complete: false };
}

/** Every `<img>` start tag of `html`, in order. */
function imgTags(html: string): ImgTag[] {
  const tags: ImgTag[] = [];
  let i = html.indexOf('<');
  while (i >= 0 && i < html.length) {
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      if (close < 0) break;
      i = html.indexOf('<', close + 3);
      continue;
    }
    const closing = html[i + 1] === '/';
    const nameStart = closing ? i + 2 : i + 1;
    if (!isLetter(html[nameStart])) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < html.length && !isSpace(html[nameEnd]) && html[nameEnd] !== '/' && html[nameEnd] !== '>') nameEnd++;
    // Any tag is read to its end, so that a `<` inside its attribute values is not taken for a tag.
    const tag = readAttributes(html, nameEnd);
    if (!closing && tag.complete && html.slice(nameStart, nameEnd).toLowerCase() === 'img') tags.push(tag);
    i = html.indexOf('<', tag.end);
  }
  return tags;
}

/** The attributes of every `<img>` tag in `html`, in order (names in lower case, values decoded). */
export function imgTagAttributes(html: string): Map<string, string>[] {
  if (!/<img/iu.test(html)) return [];
  return imgTags(html).map((tag) => tag.attributes);
}

/**
 * `html` with attributes added to its `<img>` tags: `add` is called for each tag, in order, with the
 * attributes it has, and returns the ones to add; one the tag already has is never added again.
 */
export function addImgAttributes(
  html: string,
  add: (attributes: ReadonlyMap<string, string>) => Record<string, string | number> | undefined,
): string {
  if (!/<img/iu.test(html)) return html;
  let out = '';
  let last = 0;
  for (const tag of imgTags(html)) {
    const added = Object.entries(add(tag.attributes) ?? {}).filter(([name]) => !tag.attributes.has(name));
    if (added.length === 0) continue;
    const text = added.map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`).join('');
    // `<img src=a/>`: the slash belongs to the unquoted value, so the attributes go before `>`.
    out += html.slice(last, tag.insertAt) + text;
    last = tag.insertAt;
  }
  return last === 0 ? html : out + html.slice(last);
}
