/**
 * One piece of a post's raw HTML (one HTML node of the Markdown), ended so that it cannot swallow
 * what follows it. A comment, an element whose content is text (`<iframe>`, `<noscript>`, `<script>`,
 * `<textarea>`, ...), a CDATA section or a tag that the piece leaves open would otherwise run on
 * through the rest of the post and the page around it (the footer, related posts, navigation) until
 * the browser meets the end it is waiting for, if ever.
 *
 * Each is ended where the piece ends, which is where CommonMark ends the block: an unclosed `<!--`
 * hides the rest of its block, as CommonMark means, and nothing after it. An element of text whose end
 * tag comes in a later piece of the same block or parent (`<iframe …>`, a blank line, `</iframe>`) is
 * left to that end tag. A tag cut off by the end of the piece (`<div title="a` before a blank line)
 * cannot be completed and shows as the text it is, as does `<plaintext>`, which nothing can end.
 * Elements that hold HTML (`<div>`, `<table>`, `<svg>`) may end in a later piece: the whole post is
 * balanced once rendered (src/markdown/contained-html.ts).
 */
import { childNodesOf, readHtmlFragment, type ChildNode, type ParentNode } from './html-fragment.ts';

/** What was ended, for the build's warning: the construct as written (its start) and what was done. */
export interface EndedConstruct {
  construct: string;
  fix: string;
}

/** Elements whose content the parser reads as text up to their own end tag. */
const TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** Ends tried on one piece before it is all shown as text: each fixes one open construct. */
const MAX_ENDINGS = 8;

/** The start of what `html` holds from `offset`: its first line, shortened, for a warning. */
function excerpt(html: string, offset: number): string {
  const line = html.slice(offset).split('\n', 1)[0]!.trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

const escapeLessThanAt = (html: string, offset: number) => `${html.slice(0, offset)}&lt;${html.slice(offset + 1)}`;

/** The last comment under `node` in document order, where it starts. */
function lastCommentStart(node: ParentNode): number | undefined {
  let start: number | undefined;
  const visit = (children: ChildNode[]) => {
    for (const child of children) {
      if (child.nodeName === '#comment') start = child.sourceCodeLocation?.startOffset ?? start;
      else if ('childNodes' in child) visit(childNodesOf(child));
    }
  };
  visit(childNodesOf(node));
  return start;
}

/**
 * `html` (one piece of raw HTML) with every construct it leaves open ended, and what was ended.
 * `closedLater(name)` says whether a later piece of the same parent has `</name>`: an element of text
 * is then left open for it.
 */
export function endRawHtmlPiece(html: string, closedLater: (name: string) => boolean): { html: string; ended: EndedConstruct[] } {
  const ended: EndedConstruct[] = [];
  const endedElements = new Set<number>();
  let current = html;
  for (let attempt = 0; attempt < MAX_ENDINGS; attempt++) {
    const reading = readHtmlFragment(current);
    const errors = reading.eofErrors;
    if (reading.commentCutOff) {
      const start = lastCommentStart(reading.fragment) ?? current.lastIndexOf('<!');
      ended.push({ construct: excerpt(current, Math.max(start, 0)), fix: 'never closed: closed at the end of its block (the rest of the block stays a comment)' });
      current += '-->';
      continue;
    }
    if (errors.has('eof-in-cdata')) {
      ended.push({ construct: '<![CDATA[', fix: 'never closed: closed at the end of its block' });
      current += ']]>';
      continue;
    }
    if (errors.has('eof-in-tag') || errors.has('eof-in-doctype') || errors.has('eof-before-tag-name')) {
      const start = errors.has('eof-before-tag-name') ? current.lastIndexOf('<') : reading.completeUpTo;
      if (current[start] !== '<') break;
      ended.push({ construct: excerpt(current, start), fix: 'cut off by the end of its block: shown as text' });
      current = escapeLessThanAt(current, start);
      continue;
    }
    const open = reading.openAtEnd.filter((element) => element.namespaceURI === HTML_NS);
    const plaintext = open.find((element) => element.tagName === 'plaintext');
    if (plaintext) {
      const start = plaintext.sourceCodeLocation!.startOffset;
      ended.push({ construct: '<plaintext>', fix: 'can never be closed: shown as text' });
      current = escapeLessThanAt(current, start);
      continue;
    }
    const text = open.find((element) => TEXT_ELEMENTS.has(element.tagName));
    if (!text || closedLater(text.tagName)) return { html: current, ended };
    const start = text.sourceCodeLocation!.startOffset;
    if (!endedElements.has(start)) ended.push({ construct: excerpt(current, start), fix: `never closed: </${text.tagName}> added at the end of its block` });
    endedElements.add(start);
    current += `</${text.tagName}>`;
  }
  // Nothing ends it (a `<script>` left in its escaped state after every end tag): all of it is text.
  const settled = readHtmlFragment(current);
  const stillOpen =
    settled.commentCutOff || settled.eofErrors.size > 0 || settled.openAtEnd.some((element) => element.namespaceURI === HTML_NS && TEXT_ELEMENTS.has(element.tagName) && !closedLater(element.tagName));
  if (!stillOpen) return { html: current, ended };
  ended.push({ construct: excerpt(html, 0), fix: 'could not be closed: shown as text' });
  return { html: html.replaceAll('&', '&amp;').replaceAll('<', '&lt;'), ended };
}
