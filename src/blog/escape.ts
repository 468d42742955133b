/**
 * Escaping for HTML or XML written by hand (redirect pages, the dev error page, raw HTML from
 * Markdown, feed extras). The entities used are valid in both.
 */

/** For text between tags: `& < >`. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** For text or a quoted attribute value: `& < > " '`. */
export function escapeHtml(text: string): string {
  return escapeText(text).replace(/["']/gu, (c) => (c === '"' ? '&quot;' : '&#39;'));
}
