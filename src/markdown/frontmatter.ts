/** A post file's frontmatter block, for what reads a post's Markdown body without Astro's loader. */

/** The block, YAML between `---` or TOML between `+++`: its fence, then its text. */
const FRONTMATTER = /^\ufeff?(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*(?:\r?\n|$)/u;

/** A post file's text without its frontmatter block (YAML `---` or TOML `+++`) and byte order mark. */
export function stripFrontmatter(source: string): string {
  return source.replace(FRONTMATTER, '').replace(/^\ufeff/u, '');
}

/** A post file's frontmatter block: its language (by its fence) and its text; undefined without one. */
export function frontmatterBlock(source: string): { language: 'yaml' | 'toml'; text: string } | undefined {
  const match = FRONTMATTER.exec(source);
  return match ? { language: match[1] === '---' ? 'yaml' : 'toml', text: match[2]! } : undefined;
}
