/**
 * The prose of an `.mdx` post as HTML, for what reads a post's text without rendering its page:
 * summaries, reading time and the search index (src/blog/post-index.ts, src/search/search-pages.ts).
 * Astro renders an `.mdx` body only when its page asks for it; rendering it for the post index would
 * make every page that lists posts depend on every post's module, so that a change to one post's image
 * would render every list page again. Instead the loader gives each `.mdx` entry this HTML: the body
 * without `import`/`export` lines, JSX elements and `{expressions}`, through the Markdown parser with
 * the containers, math and Japanese line rules. Its page and feed item still show the real thing.
 */
import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { prepareContainers } from './containers.ts';
import { stripFrontmatter } from './frontmatter.ts';
import { math } from './math.ts';
import { prepareLooseDollars } from './math-dollars.ts';
import { cjkLineBreaks } from './cjk-line-breaks.ts';

const ESM = /^(?:import|export)\b[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*/gmu;
// A JSX element: a capitalised or dotted name (`<Card>`, `<Tabs.Item />`), opening or closing.
const JSX_TAG = /<\/?[A-Z][\w.]*(?:\s[^<>]*)?\/?>/gu;
const EXPRESSION = /\{[^{}\n]*\}/gu;

/** The HTML of an `.mdx` file's prose (`source` is the whole file, frontmatter included). */
export function mdxProseHtml(source: string, lang: string): string {
  const body = stripFrontmatter(source).replace(ESM, '').replace(JSX_TAG, '').replace(EXPRESSION, '');
  const result = markdownToHtml(prepareLooseDollars(prepareContainers(body, lang)), {
    mdastPlugins: [math, cjkLineBreaks],
    features: { gfm: true, math: true },
  }) as MarkdownToHtmlResult; // every plugin here is synchronous
  return result.html;
}
