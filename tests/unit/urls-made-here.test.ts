/**
 * One function makes each URL of the site, in src/blog/urls.ts: this test reads every code file under
 * src/, and the importers' (scripts/import/, which write links and redirects into posts), and fails on
 * a string that writes one of the site's paths (`/posts/`, `/tags/`, `rss.xml`, ...) or puts a written
 * path under the base path (`withBase('/search/')`) anywhere else. Code is read as code: comments and
 * import paths are not strings of the site. A few strings name a path for another reason; each is
 * allowed below, in its file, with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectCodeFiles, srcCodeFiles } from '../helpers/code-files.ts';
import { projectRoot } from '../helpers/site.ts';

const URLS_FILE = 'src/blog/urls.ts';

/** The first path segments of the site's folders of pages and files. */
const FOLDER = '(?:posts|tags|page|archive|search|pagefind|math|_astro|link-cards)';

/**
 * A string that writes a path of the site: a folder of its pages or files as a whole path segment
 * beside a slash (a source file's path, `src/posts/...`, is not one), or the name of one of its files.
 */
const SITE_PATH = new RegExp(`(?<!\\bsrc)/${FOLDER}(?:/|$)|^${FOLDER}/|(?:^|[/\\s])(?:og\\.png|rss\\.xml|sitemap[\\w-]*\\.xml|favicon\\.\\w+)\\b`, 'u');

/** A path of the project's own files (`./src/content/posts`), not of the site. */
const PROJECT_PATH = /^(?:\.\/)?src\//u;

/** A written path put under the base path by hand: `withBase('/x/')`. */
const BASE_CALL = /\b(?:withBase|joinBase)\(\s*(?:[^,()]*,\s*)?['"`]/u;

/** Strings that name a site path outside urls.ts on purpose: file, a part of the string, and why. */
const ALLOWED: ReadonlyArray<{ file: string; text: string; why: string }> = [
  {
    file: 'src/posts/post-files.ts',
    text: '/posts/',
    why: "messages name a post's URL as its author reads it (not percent-encoded), beside the file names",
  },
  {
    file: 'src/posts/post-files.ts',
    text: 'og.png',
    why: "the names of the files a build writes in a post's folder, which no post may take as its own",
  },
  {
    file: 'scripts/import/write-posts.ts',
    text: '/posts/',
    why: "the import's report names a renamed post's URL as its author reads it (not percent-encoded)",
  },
  {
    file: 'src/link-cards/page-meta.ts',
    text: '/favicon.ico',
    why: "another site's icon, looked for on the page a link card shows",
  },
  {
    file: 'src/integrations/rendered-posts-check.ts',
    text: '/posts/[...slug]',
    why: "the post page's route as Astro names it (from its file under src/pages/), not a link",
  },
];

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Every string literal and template part of TypeScript or JavaScript `code`, except import and export paths, with its offset. */
function scriptStrings(code: string, offset: number): Array<{ text: string; at: number; baseCall: boolean }> {
  const found: Array<{ text: string; at: number; baseCall: boolean }> = [];
  const source = ts.createSourceFile('code.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push({ text: node.text, at: offset + node.getStart(source), baseCall: false });
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['withBase', 'joinBase'].includes(node.expression.text)) {
      if (node.arguments.some((arg) => ts.isStringLiteral(arg) || ts.isTemplateLiteral(arg))) {
        found.push({ text: node.getText(source), at: offset + node.getStart(source), baseCall: true });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The strings of an `.astro` file: its frontmatter and inline scripts read as code; the markup's
 * quoted values (attributes, and strings inside `{...}` expressions) read as written, without its
 * HTML comments and styles. Reading markup by its quotes finds more than it should, never less.
 */
function astroStrings(text: string): Array<{ text: string; at: number; baseCall: boolean }> {
  const found: Array<{ text: string; at: number; baseCall: boolean }> = [];
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/u.exec(text);
  const markupStart = frontmatter ? frontmatter[0].length : 0;
  if (frontmatter) found.push(...scriptStrings(frontmatter[1]!, 4));
  // Blank out what is not markup, keeping offsets (and so line numbers) as they are.
  const blank = (s: string) => s.replace(/[^\n]/gu, ' ');
  let markup = ' '.repeat(markupStart) + text.slice(markupStart);
  markup = markup.replace(/<!--[\s\S]*?-->/gu, blank).replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gu, (_, open: string, css: string, close: string) => open + blank(css) + close);
  markup = markup.replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gu, (_: string, open: string, code: string, close: string, at: number) => {
    found.push(...scriptStrings(code, at + open.length));
    return open + blank(code) + close;
  });
  for (const match of markup.matchAll(/"[^"\n]*"|'[^'\n]*'|`[^`]*`/gu)) found.push({ text: match[0].slice(1, -1), at: match.index, baseCall: false });
  for (const match of markup.matchAll(new RegExp(BASE_CALL.source, 'gu'))) found.push({ text: match[0], at: match.index, baseCall: true });
  return found;
}

/** The strings of `text` (the file `file`, relative to the project) that make a URL of the site by hand. */
function urlsMadeIn(file: string, text: string): Finding[] {
  const strings = file.endsWith('.astro') ? astroStrings(text) : scriptStrings(text, 0);
  return strings
    .filter(({ text: s, baseCall }) => baseCall || (SITE_PATH.test(s) && !PROJECT_PATH.test(s)))
    .map(({ text: s, at }) => ({ file, line: text.slice(0, at).split('\n').length, text: s }));
}

describe('URLs of the site', () => {
  const findings = [...srcCodeFiles().map((file) => `src/${file}`), ...projectCodeFiles('scripts/import')]
    .filter((file) => file !== URLS_FILE)
    .flatMap((file) => urlsMadeIn(file, readFileSync(join(projectRoot, file), 'utf8')));
  const allowedBy = (finding: Finding) => ALLOWED.find((allowed) => allowed.file === finding.file && finding.text.includes(allowed.text));

  it('are made in src/blog/urls.ts alone', () => {
    const outside = findings.filter((finding) => !allowedBy(finding)).map(({ file, line, text }) => `${file}:${line}: ${text}`);
    expect(outside, 'make these URLs with a function of src/blog/urls.ts (add one if it is missing)').toEqual([]);
  });

  it('are allowed elsewhere only where a string still needs it', () => {
    const unused = ALLOWED.filter((allowed) => !findings.some((finding) => allowedBy(finding) === allowed));
    expect(unused, 'remove these entries from ALLOWED').toEqual([]);
  });
});

describe('the check of URLs made by hand', () => {
  const texts = (file: string, text: string) => urlsMadeIn(file, text).map((finding) => finding.text);

  it('finds paths of the site in strings and templates of code', () => {
    expect(texts('a.ts', "const a = '/tags/' + slug;")).toEqual(['/tags/']);
    expect(texts('a.ts', 'const a = `/posts/${id}/`;')).toEqual(['/posts/']);
    expect(texts('a.ts', 'const a = `${base}/archive/${year}/`;')).toEqual(['/archive/']);
    expect(texts('a.ts', "const job = { path: `posts/${id}/og.png` };")).toEqual(['posts/', '/og.png']);
    expect(texts('a.ts', "feed(withBase('/rss.xml'));")).toEqual(["withBase('/rss.xml')", '/rss.xml']);
    expect(texts('a.ts', "const home = withBase('/');")).toEqual(["withBase('/')"]);
    expect(texts('a.ts', "const map = 'sitemap-index.xml';")).toEqual(['sitemap-index.xml']);
  });

  it('finds them in the frontmatter, markup, expressions and scripts of .astro files, with their lines', () => {
    const astro = [
      '---',
      "const feed = withBase('/rss.xml');",
      '---',
      '<a href="/search/">検索</a>',
      "<a href={`/tags/${slug}/`}>tag</a>",
      '<script>fetch("/pagefind/pagefind.js");</script>',
    ].join('\n');
    expect(urlsMadeIn('A.astro', astro).map(({ line, text }) => `${line} ${text}`)).toEqual([
      "2 withBase('/rss.xml')",
      '2 /rss.xml',
      '6 /pagefind/pagefind.js',
      '4 /search/',
      '5 /tags/${slug}/',
    ]);
  });

  it('reads comments, import paths and other strings as no URL', () => {
    const code = [
      "import { getPosts } from '../posts/posts.ts';",
      "export { tagHref } from '../blog/urls.ts';",
      "const lazy = () => import('../search/search-pages.ts');",
      '// links to /posts/<id>/ and /tags/',
      '/** The share image, `posts/<id>/og.png`. */',
      "const words = ['posts', 'page', 'search', 'src/pages'];",
      'const href = postHref(id);',
      "const folder = join(root, './src/content/posts');",
    ].join('\n');
    expect(texts('a.ts', code)).toEqual([]);
    expect(texts('A.astro', '---\n// the /posts/ folder\n---\n<!-- <a href="/tags/"> -->\n<style>a[href^="/tags/"] { color: red }</style>')).toEqual([]);
  });
});
