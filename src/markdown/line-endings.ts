/**
 * Posts saved with Windows line endings (an editor's setting, or Git's autocrlf) read as if saved with
 * Unix ones. The Markdown parser keeps the `\r` of a soft line break in the text, and a Japanese line
 * break followed by `\r` is no longer two Japanese characters around a newline: it was kept, and
 * browsers showed it as a space, on the page and in the feed.
 */

/** `source` with every CRLF and lone CR turned into LF (the same string when it has none). */
export function normalizeLineEndings(source: string): string {
  return source.includes('\r') ? source.replace(/\r\n?/gu, '\n') : source;
}
