// Helpers of scripts/check-dialect-corpus.mjs: a minimal conversion of Zenn (zenn-cli `articles/`) and Qiita
// (Qiita CLI `public/`) posts into this blog's frontmatter, and detectors of Zenn/Qiita/GitHub Markdown
// that reached a built page, feed or summary unrendered. The full importer of those sources is another
// job; this one only needs each post to build with its body exactly as its author wrote it.
// Plain JavaScript so that the script (plain Node) and the unit tests can both import it.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, parseFragment } from 'parse5';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/u;

/**
 * A post's frontmatter (parsed) and its body, the body exactly as written after the closing `---` line.
 * @param {string} text the whole file
 * @returns {{ data: Record<string, unknown>, body: string } | undefined} undefined without frontmatter
 */
export function splitFrontmatter(text) {
  const match = FRONTMATTER.exec(text);
  if (!match) return undefined;
  const data = parseYaml(match[1] ?? '') ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) return undefined;
  return { data, body: text.slice(match[0].length) };
}

/**
 * GIT_DATES.tsv of a corpus: a header line `path<TAB>first_commit_date<TAB>last_commit_date`, then one
 * line per file, the path relative to the corpus folder, the dates ISO 8601 with their offsets.
 * @param {string} tsv
 * @returns {Map<string, { first: string, last: string }>}
 */
export function readGitDates(tsv) {
  const dates = new Map();
  const [header = '', ...lines] = tsv.split(/\r?\n/u);
  const columns = header.split('\t');
  const [pathAt, firstAt, lastAt] = ['path', 'first_commit_date', 'last_commit_date'].map((c) => columns.indexOf(c));
  if (pathAt < 0 || firstAt < 0) throw new Error('GIT_DATES.tsv: the header lacks path or first_commit_date');
  for (const line of lines) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const path = cells[pathAt];
    const first = cells[firstAt];
    if (path && first) dates.set(path, { first, last: (lastAt >= 0 && cells[lastAt]) || first });
  }
  return dates;
}

/** Zenn's `published_at: 2023-01-31 09:00` is Japan time; our schema wants the offset written. */
function zennDate(value) {
  if (value instanceof Date) return value.toISOString();
  const text = String(value).trim();
  if (/^\d{4}-\d{2}-\d{2}$/u.test(text)) return text;
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/u.exec(text);
  if (local) return `${local[1]}T${local[2].padStart(2, '0')}:${local[3]}:${local[4] ?? '00'}+09:00`;
  return text;
}

/** Tags as this blog reads them, from Zenn's `topics` or Qiita's `tags` (strings, or `{ name }` objects). */
function tagList(value) {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/u) : [];
  return list
    .map((tag) => (tag && typeof tag === 'object' ? tag.name : tag))
    .filter((tag) => typeof tag === 'string' || typeof tag === 'number')
    .map((tag) => String(tag).trim())
    .filter((tag) => tag !== '');
}

/** A post file of this blog: the frontmatter written by `yaml`, then the body byte for byte. */
function postFile(frontmatter, body) {
  return `---\n${stringifyYaml(frontmatter)}---\n${body}`;
}

/**
 * One Zenn article as a post of this blog: title, `published` (false stays a draft), date from
 * `published_at`, else the first commit in GIT_DATES.tsv, tags from `topics`, and `breaks: true` (Zenn
 * renders every newline as a line break).
 * @param {string} text the article file
 * @param {string} path its path relative to the corpus folder (`articles/x.md`), as in GIT_DATES.tsv
 * @param {Map<string, { first: string }>} gitDates
 * @returns {{ text: string, published: boolean }}
 * @throws {Error} naming the file when it has no frontmatter, no title or no date
 */
export function convertZenn(text, path, gitDates) {
  const parts = splitFrontmatter(text);
  if (!parts) throw new Error(`${path}: no frontmatter`);
  const { data, body } = parts;
  if (typeof data.title !== 'string' || data.title.trim() === '') throw new Error(`${path}: no title`);
  const date = data.published_at ? zennDate(data.published_at) : gitDates.get(path)?.first;
  if (!date) throw new Error(`${path}: no published_at and no line in GIT_DATES.tsv`);
  const published = data.published !== false;
  const frontmatter = { title: data.title, date, published, tags: tagList(data.topics), breaks: true };
  return { text: postFile(frontmatter, body), published };
}

/**
 * One Qiita CLI article as a post of this blog: title, tags, `private: true` or `ignorePublish: true`
 * as a draft, the date of the first commit in GIT_DATES.tsv (`updated_at` is a sync time, not the
 * first date), and `breaks: true`.
 * @param {string} text
 * @param {string} path relative to the corpus folder (`public/x.md`)
 * @param {Map<string, { first: string }>} gitDates
 * @returns {{ text: string, published: boolean }}
 * @throws {Error} naming the file when it has no frontmatter, no title or no date
 */
export function convertQiita(text, path, gitDates) {
  const parts = splitFrontmatter(text);
  if (!parts) throw new Error(`${path}: no frontmatter`);
  const { data, body } = parts;
  if (typeof data.title !== 'string' || data.title.trim() === '') throw new Error(`${path}: no title`);
  const date = gitDates.get(path)?.first;
  if (!date) throw new Error(`${path}: no line in GIT_DATES.tsv`);
  const published = data.private !== true && data.ignorePublish !== true;
  const frontmatter = { title: data.title, date, published, tags: tagList(data.tags), breaks: true };
  return { text: postFile(frontmatter, body), published };
}

/** Where each kind of corpus keeps its posts, and how one is converted. */
export const CORPUS_KINDS = {
  zenn: { folder: 'articles', convert: convertZenn },
  qiita: { folder: 'public', convert: convertQiita },
};

/**
 * @typedef {{ corpus: string, source: string, id: string, published: boolean, codeFileNames: string[] }} ImportedPost
 *   codeFileNames: the file names its code fences give (```` ```js:src/app.js ````), which its page must show
 */

/**
 * Converts the posts of one corpus into `postsDir/<name>/` (only the top level of its posts folder:
 * Zenn keeps stray test files without frontmatter in sub-folders). Zenn's site-absolute `/images/...`
 * files go to `publicDir/images/`, where those links find them without touching the body.
 * @param {{ name: string, kind: 'zenn' | 'qiita', dir: string }} corpus
 * @param {string} postsDir the posts folder of a temporary site
 * @param {string} publicDir its public folder
 * @returns {{ imported: ImportedPost[], failed: string[] }}
 */
export function importCorpus(corpus, postsDir, publicDir) {
  const { folder, convert } = CORPUS_KINDS[corpus.kind];
  const gitDates = readGitDates(readFileSync(join(corpus.dir, 'GIT_DATES.tsv'), 'utf8'));
  const out = join(postsDir, corpus.name);
  mkdirSync(out, { recursive: true });
  const imported = [];
  const failed = [];
  const files = readdirSync(join(corpus.dir, folder), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => e.name)
    .sort();
  for (const name of files) {
    const source = `${folder}/${name}`;
    try {
      const original = readFileSync(join(corpus.dir, source), 'utf8');
      const { text, published } = convert(original, source, gitDates);
      writeFileSync(join(out, name), text);
      const id = `${corpus.name}/${basename(name, '.md')}`;
      imported.push({ corpus: corpus.name, source, id, published, codeFileNames: codeFileNames(original) });
    } catch (e) {
      failed.push(`${corpus.name}: ${e.message}`);
    }
  }
  const images = join(corpus.dir, 'images');
  if (corpus.kind === 'zenn' && existsSync(images)) cpSync(images, join(publicDir, 'images'), { recursive: true });
  return { imported, failed };
}

/**
 * The file names Zenn's and Qiita's code fences give after the language: ```` ```js:src/app.js ````.
 * @param {string} markdown
 * @returns {string[]}
 */
export function codeFileNames(markdown) {
  return [...markdown.matchAll(/^ {0,3}(?:`{3,}|~{3,})[ \t]*[\w+#.-]+:([^\s`{]+)/gmu)].map((m) => m[1]);
}

/**
 * The code file names that `html` (a post page, or a fragment) does not show in its `<article>` outside
 * its code blocks: the name became part of the language and was lost.
 * @param {string} html
 * @param {string[]} names
 * @returns {Finding[]}
 */
export function missingCodeFileNames(html, names) {
  const start = html.indexOf('<article');
  const end = html.lastIndexOf('</article>');
  const article = html.slice(Math.max(0, start), end < 0 ? html.length : end);
  const outsideCode = article.replace(/<pre[\s>][\s\S]*?<\/pre>/gu, ' ');
  return names
    .filter((name) => !outsideCode.includes(escapeText(name)))
    .map((name) => ({ detector: 'code-file-name', snippet: name }));
}

const escapeText = (text) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

// ---------------------------------------------------------------------------------------------------
// Detectors

/** Zenn's embed names (`@[name](...)`), as they read once `@[` lost its brackets to a link. */
const EMBED_NAMES = 'card|tweet|youtube|speakerdeck|slideshare|docswell|jsfiddle|codepen|codesandbox|stackblitz|gist|figma|blueprintue';
const EMBED_NAME = new RegExp(`^(?:${EMBED_NAMES})$`, 'u');

/** TeX that only a formula contains: a command, or a group right after a sub/superscript. */
const TEX_COMMAND =
  /\\(?:[dt]?frac|mathrm|mathbf|mathit|mathcal|mathbb|mathsf|boldsymbol|begin|end|left|right|sum|prod|int|iint|oint|partial|nabla|sqrt|c?dots|[lc]dots|times|div|infty|alpha|beta|gamma|delta|epsilon|varepsilon|zeta|theta|vartheta|lambda|sigma|omega|Gamma|Delta|Theta|Lambda|Sigma|Phi|Psi|Omega|varphi|leq?|geq?|neq|approx|equiv|propto|simeq|pm|mp|rightarrow|Rightarrow|leftarrow|Leftrightarrow|mapsto|exp|lim|hat|bar|vec|ddot|tilde|overline|underline|langle|rangle|quad|qquad|operatorname|displaystyle|mathstrut|binom|pmatrix|bmatrix)(?![A-Za-z])|[_^]\{[^{}\n]*\}|\}[_^][{\w]/u;

/**
 * Detectors over readable text (a page's text outside code and rendered math, a feed item, a summary):
 * each a name and a pattern that finds its construct left raw.
 */
export const TEXT_DETECTORS = [
  // `:::message`, `:::note warn`, `:::details`, their closing `:::`.
  { name: 'directive', pattern: /:::/u },
  // Zenn embeds: `@[card](url)` as text, or as "@card" once the brackets became a link.
  { name: 'embed', pattern: new RegExp(`@\\[|@(?:${EMBED_NAMES})\\b`, 'u') },
  // A display formula's delimiters.
  { name: 'display-math', pattern: /\$\$/u },
  // Inline `$...$` as Pandoc reads it (no space inside either dollar, no digit right after the closing
  // one), holding no Japanese: prices such as `$5から$10` are prose.
  { name: 'inline-math', pattern: /(?<![\\$\w])\$(?=[^\s$])[^$\n\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}、。]{0,300}?[^\s$\\]\$(?![\d$])/u },
  // Formula source shown as text.
  { name: 'tex', pattern: TEX_COMMAND },
  // `\\` (a formula's line break) as text.
  { name: 'backslashes', pattern: /\\\\/u },
  // GitHub alerts left as a quote starting with `[!NOTE]`.
  { name: 'alert-marker', pattern: /\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/iu },
];

/** Elements whose text is not prose read by the detectors: code, and what is never shown as text. */
const OPAQUE = new Set(['pre', 'code', 'kbd', 'samp', 'script', 'style', 'template', 'svg', 'math', 'textarea']);
/** Classes of rendered math (KaTeX; Temml writes <math>). */
const RENDERED_MATH_CLASS = /(?:^|\s)katex(?:-display|-html|-mathml)?(?:\s|$)/u;
/** Classes a formula that did not parse is shown with. */
const MATH_ERROR_CLASS = /(?:^|\s)(?:katex-error|math-error)(?:\s|$)/u;
/** Classes Sätteri gives a formula no renderer turned into math. */
const MATH_SOURCE_CLASS = /(?:^|\s)(?:language-math|math-inline|math-display)(?:\s|$)/u;
/** A formula's source as code: Sätteri's classes, or Shiki's `data-language="math"` once it highlighted one. */
const isMathSource = (node) => MATH_SOURCE_CLASS.test(attr(node, 'class') ?? '') || attr(node, 'data-language') === 'math';
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'td', 'th', 'tr', 'ul',
]);

const attr = (node, name) => node.attrs?.find((a) => a.name === name)?.value;
const textOf = (node) => (node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(textOf).join(''));
const hasRenderedMath = (node) =>
  node.nodeName === 'math' || RENDERED_MATH_CLASS.test(attr(node, 'class') ?? '') || (node.childNodes ?? []).some(hasRenderedMath);

/** The last characters of text before `node` in its parent: what a reader sees just before it. */
function textBefore(node) {
  const parent = node.parentNode;
  const siblings = parent?.childNodes ?? [];
  const before = siblings.slice(0, siblings.indexOf(node));
  return before.map(textOf).join('').slice(-40);
}

function snippetAround(text, index, length) {
  const start = Math.max(0, index - 30);
  const end = Math.min(text.length, index + length + 50);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`.replace(/\s+/gu, ' ').trim();
}

/**
 * @typedef {{ detector: string, snippet: string }} Finding
 */

/**
 * What the text detectors find in plain text (a summary, a meta description, a feed's description).
 * Summaries keep a post's inline code as text (`\boldsymbol` in a post about LaTeX), which is not
 * raw dialect: pass the post's inline code (inlineCodeTexts of its page) and those strings are not read.
 * @param {string} text
 * @param {{ code?: string[] }} [options]
 * @returns {Finding[]}
 */
export function scanText(text, { code = [] } = {}) {
  for (const snippet of [...code].sort((a, b) => b.length - a.length)) {
    if (snippet.trim()) text = text.split(snippet).join(' '.repeat(snippet.length));
  }
  const findings = [];
  for (const { name, pattern } of TEXT_DETECTORS) {
    const match = pattern.exec(text);
    if (match) findings.push({ detector: name, snippet: snippetAround(text, match.index, match[0].length) });
  }
  return findings;
}

/**
 * What is left raw in rendered HTML (a post's content, a feed item's content:encoded): the text
 * detectors over its text outside code and rendered math (blocks on lines of their own), and
 * structural ones:
 * - `embed`: "@" right before a link named like an embed (what `@[card](...)` becomes without embed support);
 * - `emphasis-in-math`: `<em>`/`<strong>` made of a formula's `_` or `*` (`}<em>{2^2}...</em>{2^3}`);
 * - `unrendered-math`: a formula still marked up as source (`<code class="language-math">`, `<pre data-language="math">`);
 * - `math-error`: a formula shown as source because it did not parse;
 * - `bare-url` (with `cards`): a paragraph that is only a link whose text is its address, where Zenn
 *   and Qiita show a card.
 * @param {string} html
 * @param {{ document?: boolean, cards?: boolean }} [options] document: `html` is a whole page (scan its
 *   `<article>`); cards: look for bare URLs (pages only: feeds may well show a card as a plain link)
 * @returns {Finding[]}
 */
export function scanHtml(html, { document = false, cards = false } = {}) {
  let roots = [parseFragment(html)];
  if (document) roots = findAll(parse(html), (n) => n.nodeName === 'article');
  const findings = [];
  let text = '';
  const visit = (node) => {
    if (node.nodeName === '#text') {
      text += node.value;
      return;
    }
    if (!node.childNodes && !node.content) return;
    const name = node.nodeName;
    const className = attr(node, 'class') ?? '';
    if (MATH_ERROR_CLASS.test(className)) {
      findings.push({ detector: 'math-error', snippet: snippetAround(`${attr(node, 'title') ?? ''} ${textOf(node)}`, 0, 0) });
      return;
    }
    if (isMathSource(node) && !hasRenderedMath(node)) {
      findings.push({ detector: 'unrendered-math', snippet: snippetAround(textOf(node), 0, 0) });
      return;
    }
    if (OPAQUE.has(name) || RENDERED_MATH_CLASS.test(className)) {
      // `<pre><code class="language-math">`: the formula's source is inside the code.
      for (const source of findAll(node, (n) => isMathSource(n) && !hasRenderedMath(n))) {
        findings.push({ detector: 'unrendered-math', snippet: snippetAround(textOf(source), 0, 0) });
      }
      text += ' ';
      return;
    }
    if (name === 'a' && /@$/u.test(textBefore(node)) && EMBED_NAME.test(textOf(node))) {
      findings.push({ detector: 'embed', snippet: `@[${textOf(node)}](${attr(node, 'href') ?? ''})` });
    }
    if (name === 'em' || name === 'strong') {
      const inner = textOf(node);
      if (/^[{\\^]/u.test(inner) || /[}\\^]$/u.test(textBefore(node))) {
        findings.push({ detector: 'emphasis-in-math', snippet: snippetAround(`${textBefore(node)}<${name}>${inner}</${name}>`, 0, 0) });
      }
    }
    if (cards && name === 'p') {
      for (const link of bareUrlLines(node)) findings.push({ detector: 'bare-url', snippet: link });
    }
    const block = BLOCK.has(name);
    if (block) text += '\n';
    for (const child of node.content?.childNodes ?? node.childNodes) visit(child);
    if (block) text += '\n';
  };
  for (const root of roots) visit(root);
  return [...findings, ...scanText(text)];
}

/** Whether two spellings of a URL (one percent-encoded, say) name one address. */
function sameUrl(a, b) {
  return URL.canParse(a) && URL.canParse(b ?? '') && new URL(a).href === new URL(b).href;
}

/**
 * The URLs that stand alone on a line of a paragraph as a plain link reading its own address (lines end
 * at `<br>` and at newlines of the text).
 */
function bareUrlLines(paragraph) {
  const lines = [[]];
  for (const child of paragraph.childNodes) {
    if (child.nodeName === 'br') lines.push([]);
    else if (child.nodeName === '#text') {
      child.value.split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part.trim() !== '') lines.at(-1).push(child);
      });
    } else lines.at(-1).push(child);
  }
  const urls = [];
  for (const [link, ...rest] of lines) {
    if (rest.length > 0 || link?.nodeName !== 'a') continue;
    const text = textOf(link).trim();
    if (/^https?:\/\/\S+$/u.test(text) && sameUrl(text, attr(link, 'href'))) urls.push(text);
  }
  return urls;
}

function findAll(node, test, out = []) {
  if (test(node)) out.push(node);
  for (const child of node.childNodes ?? []) findAll(child, test, out);
  return out;
}

/**
 * The text of each inline `<code>` (not a code block) in a post's page: what its summary may show as is.
 * @param {string} html a whole page
 * @returns {string[]}
 */
export function inlineCodeTexts(html) {
  const inBlock = (node) => node.parentNode && (node.parentNode.nodeName === 'pre' || inBlock(node.parentNode));
  return [...new Set(findAll(parse(html), (n) => n.nodeName === 'code' && !inBlock(n)).map(textOf))];
}

/**
 * The summaries a built page shows: its meta descriptions, and the summary of each post it lists
 * (`.post-list` items), each with the post it belongs to.
 * @param {string} html a whole page
 * @returns {{ href: string | undefined, text: string }[]} href: the listed post's link; undefined for
 *   the page's own meta descriptions
 */
export function pageSummaries(html) {
  const doc = parse(html);
  const out = [];
  for (const meta of findAll(doc, (n) => n.nodeName === 'meta')) {
    const key = attr(meta, 'name') ?? attr(meta, 'property');
    if (key === 'description' || key === 'og:description' || key === 'twitter:description') {
      out.push({ href: undefined, text: attr(meta, 'content') ?? '' });
    }
  }
  for (const list of findAll(doc, (n) => / ?post-list ?/u.test(attr(n, 'class') ?? ''))) {
    for (const item of findAll(list, (n) => n.nodeName === 'li')) {
      const link = findAll(item, (n) => n.nodeName === 'a')[0];
      for (const p of item.childNodes.filter((n) => n.nodeName === 'p')) out.push({ href: link && attr(link, 'href'), text: textOf(p) });
    }
  }
  return out;
}
