import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  convertQiita,
  codeFileNames,
  convertZenn,
  importCorpus,
  inlineCodeTexts,
  missingCodeFileNames,
  pageSummaries,
  readGitDates,
  scanHtml,
  scanText,
  splitFrontmatter,
} from '../../scripts/lib/dialect-corpus.mjs';
import { postSchema } from '../../src/content.config.ts';

const gitDates = readGitDates(
  [
    'path\tfirst_commit_date\tlast_commit_date',
    'articles/a.md\t2022-08-29T16:59:39+09:00\t2025-03-13T17:44:25+09:00',
    'public/q.md\t2024-04-08T02:00:57+00:00\t2024-04-08T02:00:57+00:00',
    '',
  ].join('\n'),
);
const frontmatterOf = (text: string) => parseYaml(/^---\n([\s\S]*?)\n---\n/u.exec(text)![1]!);
const bodyOf = (text: string) => text.slice(/^---\n[\s\S]*?\n---\n/u.exec(text)![0].length);
const detectors = (findings: { detector: string }[]) => [...new Set(findings.map((f) => f.detector))].sort();

describe('conversion', () => {
  const zennBody = '\n## はじめに\n\n:::message alert\n注意\n:::\n\n$$\nx_{1}^{2} \\\\ y\n$$\n\n![](/images/a/b.png)';

  it('reads GIT_DATES.tsv by its header', () => {
    expect(gitDates.get('articles/a.md')).toEqual({ first: '2022-08-29T16:59:39+09:00', last: '2025-03-13T17:44:25+09:00' });
    expect(() => readGitDates('file\tdate\n')).toThrow(/header/u);
  });

  it('converts a Zenn article, its date from git, body byte for byte', () => {
    const source = `---\ntitle: "制限ボルツマンマシン: 「推定編」"\nemoji: "🤖"\ntype: "tech" # tech\ntopics: ["Python", ML]\npublished: true\n---\n${zennBody}`;
    const { text, published } = convertZenn(source, 'articles/a.md', gitDates);
    expect(published).toBe(true);
    expect(frontmatterOf(text)).toEqual({
      title: '制限ボルツマンマシン: 「推定編」',
      date: '2022-08-29T16:59:39+09:00',
      published: true,
      tags: ['Python', 'ML'],
      breaks: true,
    });
    expect(bodyOf(text)).toBe(zennBody);
    expect(postSchema.safeParse(frontmatterOf(text)).success).toBe(true);
  });

  it('takes published_at (Japan time) over git, keeps a draft, and names a file with no date', () => {
    const draft = convertZenn('---\ntitle: t\npublished: false\npublished_at: 2023-01-31 09:05\n---\nbody\n', 'articles/a.md', gitDates);
    expect(draft.published).toBe(false);
    expect(frontmatterOf(draft.text)).toMatchObject({ date: '2023-01-31T09:05:00+09:00', published: false, tags: [] });
    expect(postSchema.safeParse(frontmatterOf(draft.text)).success).toBe(true);
    expect(() => convertZenn('---\ntitle: t\npublished: true\n---\n', 'articles/lost.md', gitDates)).toThrow(/articles\/lost\.md/u);
    expect(() => convertZenn('no frontmatter', 'articles/a.md', gitDates)).toThrow(/articles\/a\.md: no frontmatter/u);
  });

  it('converts a Qiita article: tags as strings or {name}, private or ignorePublish as drafts, date from git not updated_at', () => {
    const body = '\n:::note warn\n※ 移植\n:::\n\nhttps://example.com/\n';
    const head = (extra: string) => `---\ntitle: AG-Grid\ntags:\n  - JavaScript\n  - name: React\n    versions: []\nprivate: false\nupdated_at: "2024-03-11T21:30:21+09:00"\n${extra}---\n`;
    const post = convertQiita(`${head('ignorePublish: false\n')}${body}`, 'public/q.md', gitDates);
    expect(frontmatterOf(post.text)).toEqual({ title: 'AG-Grid', date: '2024-04-08T02:00:57+00:00', published: true, tags: ['JavaScript', 'React'], breaks: true });
    expect(bodyOf(post.text)).toBe(body);
    expect(postSchema.safeParse(frontmatterOf(post.text)).success).toBe(true);
    expect(convertQiita(`${head('ignorePublish: true\n')}x`, 'public/q.md', gitDates).published).toBe(false);
    expect(convertQiita(head('').replace('private: false', 'private: true'), 'public/q.md', gitDates).published).toBe(false);
    expect(() => convertQiita(head(''), 'public/other.md', gitDates)).toThrow(/public\/other\.md/u);
  });

  it('keeps a body with CRLF, no final newline and --- inside it as it is', () => {
    const body = 'a\r\n\r\n---\r\nb';
    expect(splitFrontmatter(`---\r\ntitle: t\r\n---\r\n${body}`)?.body).toBe(body);
  });

  describe('importCorpus', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dialect-corpus-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('imports the top-level articles, skips nested files, copies Zenn images to public/, lists failures', () => {
      const corpus = join(dir, 'corpus');
      mkdirSync(join(corpus, 'articles', 'nested', 'ok1'), { recursive: true });
      mkdirSync(join(corpus, 'images', 'a'), { recursive: true });
      writeFileSync(join(corpus, 'GIT_DATES.tsv'), 'path\tfirst_commit_date\tlast_commit_date\narticles/a.md\t2022-08-29T16:59:39+09:00\t2022-08-29T16:59:39+09:00\n');
      writeFileSync(join(corpus, 'articles', 'a.md'), `---\ntitle: a\npublished: true\n---\n${zennBody}`);
      writeFileSync(join(corpus, 'articles', 'undated.md'), '---\ntitle: b\npublished: true\n---\nb\n');
      writeFileSync(join(corpus, 'articles', 'nested', 'ok1', 'test.md'), 'no frontmatter');
      writeFileSync(join(corpus, 'images', 'a', 'b.png'), 'png');
      const posts = join(dir, 'posts');
      const pub = join(dir, 'public');
      const { imported, failed } = importCorpus({ name: 'zenn', kind: 'zenn', dir: corpus }, posts, pub);
      expect(imported).toEqual([{ corpus: 'zenn', source: 'articles/a.md', id: 'zenn/a', published: true, codeFileNames: [] }]);
      expect(failed).toEqual(['zenn: articles/undated.md: no published_at and no line in GIT_DATES.tsv']);
      expect(bodyOf(readFileSync(join(posts, 'zenn', 'a.md'), 'utf8'))).toBe(zennBody);
      expect(existsSync(join(posts, 'zenn', 'nested'))).toBe(false);
      expect(readFileSync(join(pub, 'images', 'a', 'b.png'), 'utf8')).toBe('png');
    });
  });
});

describe('detectors', () => {
  it.each([
    ['<p>:::message</p>', 'directive'],
    ['<p>:::note warn<br>※ これは移植した記事です。<br>:::</p>', 'directive'],
    ['<p>@[youtube](x)</p>', 'embed'],
    ['<p>こんなポストをしました。@<a href="https://twitter.com/a/status/1">tweet</a></p>', 'embed'],
    ['<p>$$a$$</p>', 'display-math'],
    ['<p>確率を$p$、裏が出る確率を$1-p$とします。</p>', 'inline-math'],
    ['<p>その予想結果を\\hat{X}としましょう</p>', 'tex'],
    ['<p>x = \\underbrace{2 \\times 2}<em>{2^2} \\times y</em>{2^3}</p>', 'emphasis-in-math'],
    ['<p>a \\\\ b</p>', 'backslashes'],
    ['<blockquote><p>[!NOTE]<br>読んでね</p></blockquote>', 'alert-marker'],
    ['<p>値は<code class="language-math math-inline">x^2</code>です</p>', 'unrendered-math'],
    ['<pre><code class="language-math math-display">\\frac{a}{b}</code></pre>', 'unrendered-math'],
    ['<pre class="astro-code" data-language="math"><code><span class="line">x^2</span></code></pre>', 'unrendered-math'],
    [katex.renderToString('\\frac{a}{', { throwOnError: false }), 'math-error'],
  ])('flag %s as %s', (html, detector) => {
    expect(detectors(scanHtml(html))).toContain(detector);
  });

  it('flags the mangled math of the issue: }<em>{2^2} … </em>{2^3}, on every count it shows', () => {
    const html = '<p>$$<br>2^2 \\times 2^3 = \\underbrace{2 \\times 2}<em>{2^2} \\times \\underbrace{2 \\times 2 \\times 2}</em>{2^3}<br>$$</p>';
    expect(detectors(scanHtml(html))).toEqual(['display-math', 'emphasis-in-math', 'tex']);
  });

  it('passes real KaTeX output (HTML+MathML, display and inline, with \\\\ and \\frac in its annotation)', () => {
    const display = katex.renderToString('\\begin{aligned} P(p) &= \\frac{a}{b}_{2^2} \\\\ &= \\underbrace{2 \\times 2}_{2^2} \\end{aligned}', { displayMode: true });
    const inline = katex.renderToString('\\hat{X}_t', {});
    const html = `<p>確率を${inline}とします。</p>${display}<p>価格は$5から$10です。std::vectorと\${name}と@sign</p>`;
    expect(scanHtml(html)).toEqual([]);
    // What a feed keeps once aria-hidden parts are dropped: the MathML alone.
    expect(scanHtml(html.replace(/<span class="katex-html" aria-hidden="true">[\s\S]*?<\/span><\/span><\/span>/gu, ''))).toEqual([]);
    // A formula marked as math source but rendered inside.
    expect(scanHtml(`<div class="math-display">${display}</div>`)).toEqual([]);
  });

  it('passes Temml-like MathML and leaves code alone', () => {
    const html = [
      '<p><math><semantics><mi>x</mi><annotation encoding="application/x-tex">x_{1}^{2} $$ \\\\</annotation></semantics></math></p>',
      '<pre><code>:::message\n@[card](https://example.com)\n$$x$$ \\frac{a}{b} a\\\\b\n</code></pre>',
      '<p>Zennでは<code>:::message</code>と<code>@[card](url)</code>と<code>$$</code>が使えます。</p>',
      '<aside class="callout" role="note"><p class="callout-title">メッセージ</p><p>本文</p></aside>',
      '<p>連絡は@<a href="https://twitter.com/kaityo256">kaityo256</a>まで</p>',
    ].join('');
    expect(scanHtml(html)).toEqual([]);
  });

  it('finds URLs alone on a line only when asked (pages), and not links that are not bare', () => {
    const html = [
      '<p><a href="https://example.com/a">https://example.com/a</a></p>',
      '<p>前の行<br>\n<a href="https://example.com/%E6%97%A5">https://example.com/日</a><br>\n次の行</p>',
      '<p>文中の <a href="https://example.com/c">https://example.com/c</a> です</p>',
      '<p><a href="https://example.com/d">タイトル</a></p>',
      '<ul><li><a href="https://example.com/e">https://example.com/e</a></li></ul>',
    ].join('');
    expect(scanHtml(html)).toEqual([]);
    expect(scanHtml(html, { cards: true }).map((f) => f.snippet)).toEqual(['https://example.com/a', 'https://example.com/日']);
  });

  it('scans only the <article> of a whole page', () => {
    const page = '<!doctype html><html><head><title>t</title></head><body><nav>:::</nav><article><p>$$x$$</p></article><footer>@[card]</footer></body></html>';
    expect(detectors(scanHtml(page, { document: true }))).toEqual(['display-math']);
  });

  it('survives hostile HTML', () => {
    expect(() => scanHtml('<p><em><code>unclosed<math><p>$$</em>'.repeat(200))).not.toThrow();
    expect(detectors(scanHtml('<p><em><code>unclosed</code></em>$$'))).toEqual(['display-math']);
  });

  it('scans plain-text summaries, with a snippet around what it found', () => {
    const [finding] = scanText('AG-Gridの使い方を解説します。 :::note warn ※ これは2022/12/13に個人ブログで公開した記事');
    expect(finding).toEqual({ detector: 'directive', snippet: expect.stringContaining(':::note warn') });
    expect(detectors(scanText('はじめに少し前、こんなポストをしました。 @tweet これは'))).toEqual(['embed']);
    expect(scanText('AG-Gridの使い方を解説します。※ これは2022/12/13に個人ブログで公開した記事')).toEqual([]);
  });

  it("does not take a post's own inline code in its summary for raw TeX", () => {
    const page = '<article><p>LuaLaTeXと<code>\\boldsymbol</code>を使う</p><pre><code>\\frac{a}{b}</code></pre></article>';
    const code = inlineCodeTexts(page);
    expect(code).toEqual(['\\boldsymbol']);
    const summary = 'LuaLaTeXと\\boldsymbolを使う';
    expect(detectors(scanText(summary))).toEqual(['tex']);
    expect(scanText(summary, { code })).toEqual([]);
    // TeX that is not the post's inline code is still found.
    expect(detectors(scanText(`${summary} \\frac{a}{b}`, { code }))).toEqual(['tex']);
  });

  it('reads the summaries a page shows: meta descriptions and each listed post', () => {
    const page = [
      '<html><head><meta name="description" content="要約 :::"><meta property="og:description" content="要約"></head><body>',
      '<ul class="post-list"><li><h2><a href="/posts/qiita/x/">X</a></h2><div class="meta"><a href="/tags/a/">a</a></div><p>本文の要約</p></li></ul>',
      '</body></html>',
    ].join('');
    expect(pageSummaries(page)).toEqual([
      { href: undefined, text: '要約 :::' },
      { href: undefined, text: '要約' },
      { href: '/posts/qiita/x/', text: '本文の要約' },
    ]);
  });
});

describe('code fence file names', () => {
  it('reads ```lang:file fences and finds the names a page lost', () => {
    const markdown = '```sh:task.sh\nmake\n```\n\n~~~c:src/a<b>.c\n~~~\n\n```rb: check.rb\n```\n\n```diff_js\n```\n';
    expect(codeFileNames(markdown)).toEqual(['task.sh', 'src/a<b>.c']);
    const lost = '<article><pre data-language="plaintext"><code>make</code></pre></article>';
    expect(missingCodeFileNames(lost, ['task.sh']).map((f) => f.detector)).toEqual(['code-file-name']);
    const shown = '<article><figure><figcaption>task.sh</figcaption><pre><code>make</code></pre></figure><p><code>src/a&lt;b&gt;.c</code></p></article>';
    expect(missingCodeFileNames(shown, ['task.sh', 'src/a<b>.c'])).toEqual([]);
  });
});
