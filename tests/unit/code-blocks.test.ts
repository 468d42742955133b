/**
 * Code fences in Zenn's, Qiita's and the usual forms (src/markdown/code-fence-dialects.ts,
 * code-blocks.ts): file names, diffs highlighted as their language, line numbers, unknown languages
 * reported once. Rendered with Astro's Sätteri processor and shiki as processor.ts sets them up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { satteri } from '@astrojs/markdown-satteri';
import { parseFragment } from 'parse5';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codeLabel, codeTitle, codeTransformers, isDiff, lineNumbersFrom, metaValue } from '../../src/markdown/code-blocks.ts';
import { codeFenceDialects, knownLanguage, parseFenceInfo, rewriteFence } from '../../src/markdown/code-fence-dialects.ts';
import { codeTheme } from '../../src/markdown/code-theme.ts';
import { localMarkdown } from '../../src/markdown/processor.ts';
import { astroMarkdownSettings } from '../helpers/markdown-settings.ts';

// The theme and transformers as processor.ts's withCodeHighlighting sets them.
const shared = astroMarkdownSettings;
const withCode = { ...shared, shikiConfig: { ...(shared as { shikiConfig: object }).shikiConfig, theme: codeTheme, transformers: codeTransformers() } } as typeof shared;
const renderer = satteri({ mdastPlugins: [codeFenceDialects] }).createRenderer(withCode);
const post = (name: string) => pathToFileURL(join(process.cwd(), 'src/content/posts', name));
const render = async (md: string, name = 'a.md') => (await (await renderer).render(md, { fileURL: post(name) })).code;

// A small DOM over parse5's tree: enough to read the figures back as a browser would.
interface Node {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
}
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const classes = (n: Node) => (attr(n, 'class') ?? '').split(/\s+/u).filter(Boolean);
function all(n: Node, test: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (test(n)) out.push(n);
  for (const c of n.childNodes ?? []) all(c, test, out);
  return out;
}
const text = (n: Node): string => (n.nodeName === '#text' ? (n.value ?? '') : (n.childNodes ?? []).map(text).join(''));
const byClass = (n: Node, name: string) => all(n, (e) => classes(e).includes(name));

/** Each code block of the HTML, as its parts. */
function blocks(html: string) {
  const root = parseFragment(html) as Node;
  return all(root, (n) => n.nodeName === 'figure').map((figure) => {
    const pre = all(figure, (n) => n.nodeName === 'pre')[0]!;
    const code = all(pre, (n) => n.nodeName === 'code')[0]!;
    return {
      figure,
      classes: classes(figure),
      title: byClass(figure, 'code-title').map(text)[0],
      lang: byClass(figure, 'code-lang').map(text)[0],
      pre,
      code,
      language: attr(pre, 'data-language'),
      lines: byClass(code, 'line'),
      text: text(code),
    };
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading a fence info string', () => {
  it('takes a Zenn/Qiita file name after the colon, spaces included', () => {
    expect(parseFenceInfo('js:src/app.js', null)).toEqual({ lang: 'js', title: 'src/app.js', diff: false, meta: '' });
    expect(parseFenceInfo(':file.txt', null)).toEqual({ lang: '', title: 'file.txt', diff: false, meta: '' });
    // The parser splits the info string at the first space: the name is put back together.
    expect(parseFenceInfo('go:my', 'file name.go')).toEqual({ lang: 'go', title: 'my file name.go', diff: false, meta: '' });
    expect(parseFenceInfo('js:', null)).toEqual({ lang: 'js', diff: false, meta: '' });
    expect(parseFenceInfo('js:a:b.js', null)).toMatchObject({ lang: 'js', title: 'a:b.js' });
  });

  it('keeps line highlights and line numbers written after a file name', () => {
    expect(parseFenceInfo('go:my', 'file.go {2,4-5} showLineNumbers=3')).toEqual({ lang: 'go', title: 'my file.go', diff: false, meta: '{2,4-5} showLineNumbers=3' });
    expect(parseFenceInfo('go:a.go', '{2}')).toEqual({ lang: 'go', title: 'a.go', diff: false, meta: '{2}' });
    // Braces inside the name are the name.
    expect(parseFenceInfo('js:{1}.js', null)).toMatchObject({ title: '{1}.js', meta: '' });
  });

  it('reads Zenn\'s "diff js" and Qiita\'s "diff_js", with or without a file name', () => {
    expect(parseFenceInfo('diff', 'js')).toEqual({ lang: 'js', diff: true, meta: '' });
    expect(parseFenceInfo('diff_js', null)).toEqual({ lang: 'js', diff: true, meta: '' });
    expect(parseFenceInfo('diff', 'js:src/a b.js {3}')).toEqual({ lang: 'js', title: 'src/a b.js', diff: true, meta: '{3}' });
    expect(parseFenceInfo('diff_ruby:qiita.rb', null)).toEqual({ lang: 'ruby', title: 'qiita.rb', diff: true, meta: '' });
    expect(parseFenceInfo('diff', 'c++ showLineNumbers')).toEqual({ lang: 'c++', diff: true, meta: 'showLineNumbers' });
  });

  it('leaves a plain diff, and meta that is not a language, as they are', () => {
    expect(parseFenceInfo('diff', null)).toEqual({ lang: 'diff', diff: false, meta: '' });
    expect(parseFenceInfo('diff', '{2}')).toEqual({ lang: 'diff', diff: false, meta: '{2}' });
    expect(parseFenceInfo('diff', 'title="a.patch"')).toEqual({ lang: 'diff', diff: false, meta: 'title="a.patch"' });
    expect(parseFenceInfo('diff', 'showLineNumbers')).toEqual({ lang: 'diff', diff: false, meta: 'showLineNumbers' });
    expect(parseFenceInfo('diff:a.patch', null)).toEqual({ lang: 'diff', title: 'a.patch', diff: false, meta: '' });
    expect(parseFenceInfo('ts', 'title="a.ts" {2,4-5}')).toEqual({ lang: 'ts', diff: false, meta: 'title="a.ts" {2,4-5}' });
  });

  it('rewrites only fences that need it, for the language and meta string shiki reads', () => {
    expect(rewriteFence('ts', 'title="a.ts" {2,4-5}')).toBeUndefined();
    expect(rewriteFence('diff', null)).toBeUndefined();
    expect(rewriteFence('text', null)).toBeUndefined();
    expect(rewriteFence('mermaid', null)).toBeUndefined();
    expect(rewriteFence('js:src/app.js', null)).toEqual({ lang: 'js', meta: 'title="src/app.js"' });
    expect(rewriteFence(':file.txt', null)).toEqual({ lang: 'text', meta: 'title="file.txt"' });
    expect(rewriteFence('diff', 'js {2}')).toEqual({ lang: 'js', meta: 'diff {2}' });
    expect(rewriteFence('Python', null)).toEqual({ lang: 'python', meta: '' });
    expect(rewriteFence('no-such-lang', 'showLineNumbers')).toEqual({ lang: 'text', meta: 'label="no-such-lang" showLineNumbers', unknown: 'no-such-lang' });
    // A name that would end the quotes or pass for a line range is escaped, and read back whole.
    const hostile = rewriteFence('js:"a" {1} 100%.js', null)!;
    expect(hostile.meta).toBe('title="%22a%22 %7B1%7D 100%25.js"');
    expect(codeTitle(hostile.meta)).toBe('"a" {1} 100%.js');
  });

  it('knows shiki\'s languages and aliases, in any case', () => {
    for (const lang of ['js', 'ts', 'sh', 'shell', 'console', 'c++', 'tsx', 'vue', 'text', 'plaintext', 'txt', 'ansi']) expect(knownLanguage(lang)).toBe(lang);
    expect(knownLanguage('JavaScript')).toBe('javascript');
    for (const lang of ['no-such-lang', '__proto__', 'constructor', 'toString']) expect(knownLanguage(lang)).toBeUndefined();
  });
});

describe('the meta string words code-blocks.ts reads', () => {
  it('reads titles quoted, single-quoted or bare, and escaped ones back whole', () => {
    expect(codeTitle('title="src/a b.ts" {2}')).toBe('src/a b.ts');
    expect(codeTitle("title='a.ts'")).toBe('a.ts');
    expect(codeTitle('{2} title=a.ts')).toBe('a.ts');
    expect(codeTitle('{2}')).toBeUndefined();
    const name = '<script>"x"</script> {1-3} %7B 50%.js';
    expect(codeTitle(`title=${metaValue(name)}`)).toBe(name);
    expect(codeLabel(`title="a" label=${metaValue('my-lang')}`)).toBe('my-lang');
  });

  it('reads line numbers and the diff word as words, not inside a title', () => {
    expect(lineNumbersFrom('showLineNumbers')).toBe(1);
    expect(lineNumbersFrom('title="a.ts" showLineNumbers=10')).toBe(10);
    expect(lineNumbersFrom('showLineNumbers{5} {2}')).toBe(5);
    expect(lineNumbersFrom('title="showLineNumbers"')).toBeUndefined();
    expect(lineNumbersFrom('showLineNumbersX')).toBeUndefined();
    expect(lineNumbersFrom(undefined)).toBeUndefined();
    expect(isDiff('diff {2}')).toBe(true);
    expect(isDiff('title="diff"')).toBe(false);
    expect(isDiff('title="a diff b"')).toBe(false);
    expect(isDiff(undefined)).toBe(false);
  });
});

describe('code blocks rendered', () => {
  it('keep the title and language forms that worked before', async () => {
    const [b] = blocks(await render('```ts title="src/a.ts" {2,4-5}\nconst a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\nconst e = 5;\n```\n'));
    expect(b).toMatchObject({ classes: ['code-block'], title: 'src/a.ts', lang: 'ts', language: 'ts' });
    expect(b!.lines.map((l) => classes(l).includes('highlighted'))).toEqual([false, true, false, true, true]);
  });

  it('show a Zenn/Qiita file name as the title and highlight the code as its language', async () => {
    const html = await render('```js:src/app.js\nconst a = 1;\n```\n\n```:file.txt\nplain\n```\n\n```go:my file.go {2}\npackage main\nfunc main() {}\n```\n');
    const [js, txt, go] = blocks(html);
    expect(js).toMatchObject({ title: 'src/app.js', lang: 'js', language: 'js', text: 'const a = 1;' });
    expect(all(js!.code, (n) => attr(n, 'style') === 'color:var(--code-token-keyword)').map(text)).toContain('const');
    expect(txt).toMatchObject({ title: 'file.txt', lang: undefined, text: 'plain' });
    expect(go).toMatchObject({ title: 'my file.go', lang: 'go', language: 'go' });
    expect(go!.lines.map((l) => classes(l).includes('highlighted'))).toEqual([false, true]);
  });

  it('show a hostile file name as text, and never as a line range', async () => {
    const [b] = blocks(await render('```js:<img src=x onerror=alert(1)> "q" {1}.js\nconst a = 1;\nconst b = 2;\n```\n'));
    expect(b!.title).toBe('<img src=x onerror=alert(1)> "q" {1}.js');
    expect(all(b!.figure, (n) => n.nodeName === 'img')).toEqual([]);
    expect(b!.lines.some((l) => classes(l).includes('highlighted'))).toBe(false);
  });

  it('mark the lines of a diff highlighted as its language, keeping + and - as text', async () => {
    const code = ' const a = 1;\n-const b = 2;\n+const b = 3;\n+\n--i;';
    for (const fence of ['diff js', 'diff_js', 'diff js:src/a.js', 'js diff']) {
      const [b] = blocks(await render(`\`\`\`${fence}\n${code}\n\`\`\`\n`));
      expect(b, fence).toMatchObject({ lang: 'js', language: 'js', text: code });
      expect(b!.title).toBe(fence.includes(':') ? 'src/a.js' : undefined);
      expect(classes(b!.pre)).toContain('has-diff');
      expect(b!.lines.map((l) => classes(l).filter((c) => c !== 'line').join(' '))).toEqual(['', 'diff remove', 'diff add', 'diff add', 'diff remove']);
      expect(byClass(b!.code, 'diff-marker').map(text)).toEqual(['-', '+', '+', '-']);
      // The line after its marker is highlighted as JavaScript, the marker taken off first.
      const keywords = all(b!.lines[2]!, (n) => attr(n, 'style') === 'color:var(--code-token-keyword)').map(text);
      expect(keywords[0]).toBe('const');
    }
  });

  it('leave a plain diff to shiki\'s diff grammar', async () => {
    const [b] = blocks(await render('```diff\n+a\n-b\n```\n'));
    expect(b).toMatchObject({ lang: 'diff', language: 'diff', text: '+a\n-b' });
    expect(classes(b!.pre)).not.toContain('has-diff');
    expect(byClass(b!.code, 'diff-marker')).toEqual([]);
    expect(all(b!.code, (n) => attr(n, 'style') === 'color:var(--code-token-inserted)')).toHaveLength(1);
  });

  it('number lines on request, with counters that leave the numbers out of the text', async () => {
    const html = await render('```ts showLineNumbers\na\nb\n```\n\n```ts:a.ts showLineNumbers=98 {2}\na\nb\nc\n```\n\n```ts\na\n```\n');
    const [from1, from98, none] = blocks(html);
    expect(classes(from1!.pre)).toContain('line-numbers');
    expect(attr(from1!.code, 'style')).toBe('counter-reset: code-line 0; --code-line-digits: 1');
    expect(from1!.text).toBe('a\nb');
    expect(from98).toMatchObject({ title: 'a.ts', text: 'a\nb\nc' });
    expect(attr(from98!.code, 'style')).toBe('counter-reset: code-line 97; --code-line-digits: 3');
    expect(from98!.lines.map((l) => classes(l).includes('highlighted'))).toEqual([false, true, false]);
    expect(classes(none!.pre)).not.toContain('line-numbers');
    expect(attr(none!.code, 'style')).toBeUndefined();
  });

  it('show an unknown language as plain text with its name, reporting it once per language', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const md = '```qiita-only-lang\nx\n```\n\n```qiita-only-lang:a.q\ny\n```\n\n```Qiita-Only-Lang\nz\n```\n';
    const [a, b, c] = blocks(await render(md, 'first.md'));
    expect(a).toMatchObject({ lang: 'qiita-only-lang', language: 'text', text: 'x' });
    expect(b).toMatchObject({ lang: 'qiita-only-lang', title: 'a.q', text: 'y' });
    expect(c).toMatchObject({ lang: 'Qiita-Only-Lang', text: 'z' });
    await render(md, 'second.md');
    await render('```diff other-unknown-lang\n+x\n```\n\n```other-unknown-lang\ny\n```\n', 'third.md');
    const messages = warn.mock.calls.map((call) => String(call[0]));
    // Astro's highlighter never saw the language, so it warned nothing of its own.
    expect(messages.filter((m) => m.includes('[Shiki]'))).toEqual([]);
    expect(messages).toEqual([
      expect.stringMatching(/^\[code\] src\/content\/posts\/first\.md: unknown language "qiita-only-lang", shown as plain text/u),
      expect.stringMatching(/^\[code\] src\/content\/posts\/third\.md: unknown language "other-unknown-lang"/u),
    ]);
  });

  it('leave math fences to the math renderer, and fences without a language alone', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const html = await render('```math\nx^2\n```\n\n```\nplain\n```\n');
    expect(html).toContain('<pre><code class="language-math">x^2\n</code></pre>');
    const [plain] = blocks(html);
    expect(plain).toMatchObject({ title: undefined, lang: undefined, text: 'plain' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('are what the posts\' processor renders (processor.ts wires code-fence-dialects.ts)', async () => {
    const posts = await localMarkdown().createRenderer(shared);
    const md = '```js:src/app.js\nconst a = 1;\n```\n\n```diff_js showLineNumbers\n+a\n```\n';
    expect((await posts.render(md)).code).toBe(await render(md));
  });
});

describe('diff line colours', () => {
  // The code colours of global.css and the diff backgrounds of code.css, light and dark.
  const css = (file: string) => readFileSync(join(import.meta.dirname, '../../src/styles', file), 'utf8');
  const pairs = (source: string, pattern: RegExp) =>
    [...source.matchAll(pattern)].map((m) => ({ name: m[1]!, light: m[2]!, dark: m[3]! }));
  const colour = /--code-(foreground|token-[\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/giu;
  const backgrounds = /--code-diff-(add|remove)-bg:\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/giu;
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };

  it('keep every code colour at WCAG AA on added and removed lines, light and dark', () => {
    const colours = pairs(css('global.css'), colour);
    const diffs = pairs(css('code.css'), backgrounds);
    expect(colours.length).toBeGreaterThanOrEqual(10);
    expect(diffs.map((d) => d.name)).toEqual(['add', 'remove']);
    for (const bg of diffs) {
      for (const fg of colours) {
        expect(contrast(fg.light, bg.light), `${fg.name} on ${bg.name} (light)`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(fg.dark, bg.dark), `${fg.name} on ${bg.name} (dark)`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
