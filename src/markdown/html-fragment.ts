/**
 * HTML read as a browser reads it inside a page's `<div>` (parse5, the WHATWG parsing algorithm, with
 * scripting on), with what the tree alone does not tell: where the last complete token ended (what
 * follows is a construct cut off by the end of the input), the end tags that closed nothing and the
 * start tags that made no element (the parser drops them, or, for `<body>` and `<html>`, gives their
 * attributes to the page's own element), the EOF errors, and which elements were never closed by an
 * end tag of their own.
 * Raw HTML in posts is judged on this reading (src/markdown/raw-html.ts, contained-html.ts), never on
 * patterns: only the parser knows where a tag, a comment or an element's text really ends.
 */
import { Parser, defaultTreeAdapter, html as spec, type DefaultTreeAdapterMap, type DefaultTreeAdapterTypes, type ParserError, type Token } from 'parse5';

export type Fragment = DefaultTreeAdapterTypes.DocumentFragment;
export type Element = DefaultTreeAdapterTypes.Element;
export type ChildNode = DefaultTreeAdapterTypes.ChildNode;
export type ParentNode = DefaultTreeAdapterTypes.ParentNode;

/** A tag as written: its lower-case name and where it stands in the input. */
export interface TagAt {
  name: string;
  start: number;
  end: number;
}

export interface HtmlReading {
  fragment: Fragment;
  /** Where the last token the tokenizer completed ends: anything after it was cut off by the end. */
  completeUpTo: number;
  /** The codes of the parse errors at the very end of the input (`eof-in-comment`, `eof-in-tag`, ...). */
  eofErrors: Set<string>;
  /** A comment (or a `<?…`, `<!…` bogus one) runs to the end of the input: it has no `-->` or `>`. */
  commentCutOff: boolean;
  /** End tags that the parser dropped because nothing they name was open. */
  strayEndTags: TagAt[];
  /** Start tags that made no element of the input (`<body>`, `<td>` outside a table), lower case. */
  ignoredStartTags: string[];
  /** Elements written with a start tag and still open at the end of the input (void and self-closed ones aside). */
  openAtEnd: Element[];
  /**
   * Elements closed before the end, though not by an end tag of theirs (`<b>` in `<p><b>x</p>`,
   * `<form>` in `<div><form></div>`): in a page, the browser may carry them on after the input (a
   * formatting element is reopened in the text that follows, and a form stays the open form).
   */
  closedEarly: Element[];
}

/** The parser, noting where each token the tokenizer hands it ends, and every end tag. */
class NotingParser extends Parser<DefaultTreeAdapterMap> {
  completeUpTo = 0;
  endTags: TagAt[] = [];
  startTags: TagAt[] = [];
  lastCommentEnd = -1;
  /** The stack of open elements when the input ended, innermost last. */
  openAtEof: ParentNode[] | undefined;

  private saw(location: Token.Location | null): void {
    if (location && location.endOffset > this.completeUpTo) this.completeUpTo = location.endOffset;
  }
  override onStartTag(token: Token.TagToken): void {
    this.saw(token.location);
    if (token.location) this.startTags.push({ name: token.tagName.toLowerCase(), start: token.location.startOffset, end: token.location.endOffset });
    super.onStartTag(token);
  }
  override onEndTag(token: Token.TagToken): void {
    this.saw(token.location);
    if (token.location) this.endTags.push({ name: token.tagName.toLowerCase(), start: token.location.startOffset, end: token.location.endOffset });
    super.onEndTag(token);
  }
  override onComment(token: Token.CommentToken): void {
    this.saw(token.location);
    if (token.location) this.lastCommentEnd = token.location.endOffset;
    super.onComment(token);
  }
  override onDoctype(token: Token.DoctypeToken): void {
    this.saw(token.location);
    super.onDoctype(token);
  }
  override onCharacter(token: Token.CharacterToken): void {
    this.saw(token.location);
    super.onCharacter(token);
  }
  override onNullCharacter(token: Token.CharacterToken): void {
    this.saw(token.location);
    super.onNullCharacter(token);
  }
  override onWhitespaceCharacter(token: Token.CharacterToken): void {
    this.saw(token.location);
    super.onWhitespaceCharacter(token);
  }
  override onEof(token: Token.EOFToken): void {
    // The parser comes back here after closing a `<template>` or a text element at the end.
    this.openAtEof ??= this.openElements.items.slice(0, this.openElements.stackTop + 1);
    super.onEof(token);
  }
}

/** Elements whose end tag HTML lets the author leave out: the parser closes them where they end. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'html', 'head', 'body']);
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** The child nodes of `node`: for a `<template>`, those of its content. */
export function childNodesOf(node: ParentNode): ChildNode[] {
  const content = (node as Partial<DefaultTreeAdapterTypes.Template>).content;
  return content && 'tagName' in node && node.tagName === 'template' ? content.childNodes : node.childNodes;
}

/** Every element under `node`, in document order. */
export function* elementsUnder(node: ParentNode): Generator<Element> {
  for (const child of childNodesOf(node)) {
    if (!('tagName' in child)) continue;
    yield child;
    yield* elementsUnder(child);
  }
}

/** `html` read as the content of a `<div>` in a page (`<body>` rules, no `<form>` open). */
export function readHtmlFragment(html: string): HtmlReading {
  const eofErrors = new Set<string>();
  const context = defaultTreeAdapter.createElement('div', spec.NS.HTML, []);
  const parser = NotingParser.getFragmentParser(context, {
    sourceCodeLocationInfo: true,
    onParseError: (error: ParserError) => {
      if (error.startOffset >= html.length) eofErrors.add(error.code);
    },
  }) as NotingParser;
  parser.tokenizer.write(html, true);
  const fragment = parser.getFragment();

  // An end tag closed an element when the element ends where that tag is: its own end tag, or one
  // whose name differs only in case (SVG's camelCase names, which parse5 records as an end only).
  const closers = new Map<number, string>(parser.endTags.map((tag) => [tag.start, tag.name]));
  const closedBy = (element: Element): TagAt | undefined => {
    const where = element.sourceCodeLocation;
    const start = where?.endTag?.startOffset ?? where?.endOffset;
    const name = start === undefined ? undefined : closers.get(start);
    return start !== undefined && name === element.tagName.toLowerCase() ? { name, start, end: where?.endTag?.endOffset ?? start } : undefined;
  };
  const closed = new Set<number>();
  const started = new Set<number>();
  const stillOpen = new Set<ParentNode>(parser.openAtEof ?? []);
  const openAtEnd: Element[] = [];
  const closedEarly: Element[] = [];
  for (const element of elementsUnder(fragment)) {
    const where = element.sourceCodeLocation;
    if (!where?.startTag) continue; // made by the parser (a table's tbody), not written
    started.add(where.startTag.startOffset);
    const tag = closedBy(element);
    if (tag) {
      closed.add(tag.start);
      continue;
    }
    const name = element.tagName.toLowerCase();
    const selfClosed = html[where.startTag.endOffset - 2] === '/' && element.namespaceURI !== spec.NS.HTML;
    if (VOID.has(name) || OPTIONAL_END.has(name) || selfClosed) continue;
    (stillOpen.has(element) ? openAtEnd : closedEarly).push(element);
  }
  // `</p>` with no paragraph open makes an empty one, and `</br>` a line break: neither is dropped.
  const strayEndTags = parser.endTags.filter((tag) => !closed.has(tag.start) && tag.name !== 'p' && tag.name !== 'br');
  const ignoredStartTags = parser.startTags.filter((tag) => !started.has(tag.start)).map((tag) => tag.name);
  // parse5 places a construct cut off by the end of the input one past the end.
  const commentCutOff = parser.lastCommentEnd > html.length || (parser.lastCommentEnd === html.length && !html.endsWith('>'));
  return { fragment, completeUpTo: parser.completeUpTo, eofErrors, commentCutOff, strayEndTags, ignoredStartTags, openAtEnd, closedEarly };
}
