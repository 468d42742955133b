/** A post file's frontmatter block, for what reads a post's Markdown body without Astro's loader. */

const FRONTMATTER = /^\ufeff?(?:---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)|\+\+\+[ \t]*\r?\n[\s\S]*?\r?\n\+\+\+[ \t]*(?:\r?\n|$))/u;

/** A post file's text without its frontmatter block (YAML `---` or TOML `+++`) and byte order mark. */
export function stripFrontmatter(source: string): string {
  return source.replace(FRONTMATTER, '').replace(/^\ufeff/u, '');
}
