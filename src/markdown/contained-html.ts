/**
 * A post's rendered HTML, made unable to reach outside the post. Raw HTML comes in pieces (an opening
 * tag in one HTML block, its end tag in another, Markdown between), so the whole post is read once as
 * a browser reads it inside the page's `<div>` and, when that reading finds anything that would reach
 * past the post, written out again from the tree: an element left open is closed at the end of the
 * post, not after the page's footer; an end tag that closes nothing of the post (`</div>`,
 * `</article>`, `</main>`) is dropped instead of closing the page's own elements, and so is a start tag
 * that makes nothing (`<body onload=…>` would give its attributes to the page's `<body>`); a `<table>`
 * left open no longer pulls the rest of the page into it, a `<select>`, `<svg>` or `<math>` no longer
 * turns it into options or drawing elements, `<b>` closed by a paragraph's end no longer makes the
 * footer bold, and a `<form>` no longer swallows the page's search form. With the site's default
 * (`rawHtml: 'safe'`) what can run script or change the page is removed on the same tree
 * (src/markdown/raw-html-policy.ts). HTML with none of this is kept byte for byte.
 *
 * Comments and elements of text that a piece leaves open are ended within that piece beforehand
 * (src/markdown/raw-html-ends.ts), so that the rest of the post shows.
 */
import { serialize } from 'parse5';
import type { RawHtmlMode } from '../site.config.ts';
import { readHtmlFragment } from './html-fragment.ts';
import { removeWhatRunsScript } from './raw-html-policy.ts';

export interface ContainedHtml {
  html: string;
  /** Elements open at the end of the post, which were closed there (`<div>`, `<table>`). */
  closed: string[];
  /** End tags that closed nothing in the post and start tags that made nothing, which were dropped (`</div>`, `<body>`). */
  dropped: string[];
  /** What could run script or change the page, which was removed (`<script>`, `onerror of <img>`). */
  removed: string[];
}

/**
 * Astro's mark on the images it optimizes, written by its Markdown pipeline: its value is read back
 * with a pattern of its own, and its name is case-sensitive, so it goes around the parser unchanged.
 */
const IMAGE_MARK = /__ASTRO_IMAGE_="[^"]*"/gu;

/** `html` (a rendered post) with its raw HTML contained in it; `mode` says whether it is trusted. */
export function containPostHtml(html: string, mode: RawHtmlMode): ContainedHtml {
  const marks: string[] = [];
  const key = `raw-html-${Math.random().toString(36).slice(2)}-`;
  const shielded = html.replace(IMAGE_MARK, (mark) => `__ASTRO_IMAGE_="${key}${marks.push(mark) - 1}"`);
  const reading = readHtmlFragment(shielded);
  const removed = mode === 'safe' ? removeWhatRunsScript(reading.fragment) : [];
  const closed = reading.openAtEnd.map((element) => `<${element.tagName}>`);
  const dropped = [...reading.strayEndTags.map((tag) => `</${tag.name}>`), ...reading.ignoredStartTags.map((name) => `<${name}>`)];
  const reachesOut =
    removed.length > 0 || closed.length > 0 || dropped.length > 0 || reading.closedEarly.length > 0 || reading.eofErrors.size > 0 || reading.commentCutOff;
  if (!reachesOut) return { html, closed, dropped, removed };
  const out = serialize(reading.fragment).replace(new RegExp(`__ASTRO_IMAGE_="${key}(\\d+)"`, 'giu'), (_, index: string) => marks[Number(index)]!);
  return { html: out, closed, dropped, removed };
}
