import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlValidate } from 'html-validate';
import { markdownToHtml } from 'satteri';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasMath, math, MAX_FORMULA_LENGTH } from '../../src/markdown/math.ts';
import { prepareCjkEmphasis, releasePrepared, removeEmphasisSentinels, SENTINEL } from '../../src/markdown/cjk-emphasis.ts';
import { cjkLineBreaks } from '../../src/markdown/cjk-line-breaks.ts';
import { rawHtml } from '../../src/markdown/raw-html.ts';
import { GET, getStaticPaths, mathFonts, mathStylesheet } from '../../src/pages/math/[...file].ts';
import htmlValidateConfig from '../../.htmlvalidate.mjs';

const post = pathToFileURL(join(process.cwd(), 'src/content/posts/math-post.md'));

/** As the posts' processor renders: the emphasis pre-pass, then math first among the mdast plugins. */
function render(md: string, fileURL = post): string {
  const source = prepareCjkEmphasis(md);
  try {
    return markdownToHtml(source, {
      mdastPlugins: [math, removeEmphasisSentinels, cjkLineBreaks, rawHtml],
      features: { math: true },
      fileURL,
    }).html.trim();
  } finally {
    if (source !== md) releasePrepared(source);
  }
}

/** The TeX source each typeset formula carries in its MathML. */
function annotations(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex"[^>]*>([\s\S]*?)<\/annotation>/gu)].map((m) =>
    m[1]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"'),
  );
}

const displays = (html: string) => html.match(/<div class="math-display" tabindex="0"><span class="katex-display">/gu)?.length ?? 0;
const inlines = (html: string) => (html.match(/<span class="katex">/gu)?.length ?? 0) - displays(html);

let warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
afterEach(() => {
  warn.mockRestore();
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('math syntaxes', () => {
  it('typesets $$ blocks in display mode and $ inline in text', () => {
    const html = render('速度は$v = \\frac{dx}{dt}$です。\n\n$$\nE = mc^2\n$$\n');
    expect(displays(html)).toBe(1);
    expect(inlines(html)).toBe(1);
    expect(annotations(html)).toEqual(['v = \\frac{dx}{dt}', 'E = mc^2']);
    expect(html).toMatch(/^<p>速度は<span class="katex">/u);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
    expect(warn).not.toHaveBeenCalled();
  });

  it("typesets Qiita's $`…`$ without its backticks", () => {
    const html = render('Qiita: $`a_1 * b_2`$ です');
    expect(annotations(html)).toEqual(['a_1 * b_2']);
    expect(inlines(html)).toBe(1);
    expect(html).not.toContain('`');
    // After Japanese text too (source offsets are string offsets, not bytes).
    expect(annotations(render('日本語の式は$`x_1`$です'))).toEqual(['x_1']);
  });

  it('typesets ```math fences in display mode, not as code', () => {
    const html = render('```math\n\\sum_{i=1}^n i\n```');
    expect(displays(html)).toBe(1);
    expect(annotations(html)).toEqual(['\\sum_{i=1}^n i']);
    expect(html).not.toContain('<pre');
    // Other fences stay code.
    expect(render('```js\nlet x = $a$;\n```')).toBe('<pre><code class="language-js">let x = $a$;\n</code></pre>');
  });

  it('shows $$…$$ alone on its line as a display formula, and inline inside a sentence', () => {
    expect(displays(render('$$x = 1$$'))).toBe(1);
    const html = render('前 $$x$$ 後');
    expect(displays(html)).toBe(0);
    expect(inlines(html)).toBe(1);
  });

  it('keeps math inside lists, quotes and tables', () => {
    const html = render('- $a_1$\n\n> $$\n> b_1\n> $$\n\n| x |\n| - |\n| $c_1$ |\n');
    expect(annotations(html)).toEqual(['a_1', 'b_1', 'c_1']);
  });

  it('leaves dollars that are not math as text (Zenn/Qiita rule: no space inside, no digit after)', () => {
    expect(render('$5 と $10 です')).toBe('<p>$5 と $10 です</p>');
    expect(render('日本語の価格は$5と$10です')).toBe('<p>日本語の価格は$5と$10です</p>');
    expect(render('$ ls *.md [x](https://e.com) $ で')).toBe('<p>$ ls *.md <a href="https://e.com">x</a> $ で</p>');
    expect(hasMath(render('$ echo $HOME'))).toBe(false);
  });
});

describe('Markdown never reaches inside math', () => {
  it('keeps }_{2^2} … }_{2^3} and \\\\ exactly (the corrupted case from real posts)', () => {
    const tex = 'x^{a}_{2^2} + y^{b}_{2^3} \\\\ c';
    const inline = render(`式 $${tex}$ と $x_1 * y_2 * z$ です`);
    expect(annotations(inline)).toEqual([tex, 'x_1 * y_2 * z']);
    expect(inline).not.toMatch(/<em>|<strong>/u);
    const block = render(`$$\nx^{a}_{2^2} \\\\\ny^{b}_{2^3}\n$$`);
    expect(annotations(block)).toEqual(['x^{a}_{2^2} \\\\\ny^{b}_{2^3}']);
    expect(block).toContain('<mspace linebreak="newline"></mspace>');
  });

  it('parses the same with Sätteri alone (math: true), before any plugin', () => {
    const html = markdownToHtml('$a}_{2^2} + b}_{2^3} \\\\ c$\n\n$$\na \\\\\nb\n$$', { features: { math: true } }).html;
    expect(html).toContain('<code class="language-math math-inline">a}_{2^2} + b}_{2^3} \\\\ c</code>');
    expect(html).toContain('<code class="language-math math-display">a \\\\\nb</code>');
  });

  it('gets no emphasis sentinel from the CJK pre-pass inside math', () => {
    const md = '**強調。**次と$速度_{max}$と$`速度_{x}`$\n\n$$\n速度_{max} = 「a」*b\n$$\n\n```math\n速度_{y}\n```';
    const prepared = prepareCjkEmphasis(md);
    releasePrepared(prepared);
    expect(prepared).not.toBe(md); // the emphasis outside math still gets its sentinel
    const outside = prepared.indexOf(SENTINEL);
    expect(prepared.slice(outside + 1)).not.toContain(SENTINEL);
    const html = render(md);
    expect(html).toContain('<strong>強調。</strong>次と');
    expect(annotations(html)).toEqual(['速度_{max}', '速度_{x}', '速度_{max} = 「a」*b', '速度_{y}']);
    expect(html).not.toContain(SENTINEL);
  });

  it('keeps the line breaks of a $$ block (the CJK line joining touches prose only)', () => {
    const html = render('$$\n\\begin{aligned}\n速度 &= 距離 \\\\\n時間 &= t\n\\end{aligned}\n$$');
    expect(annotations(html)).toEqual(['\\begin{aligned}\n速度 &= 距離 \\\\\n時間 &= t\n\\end{aligned}']);
    expect(html).toContain('<mtable');
  });

  it('prints no console noise for Japanese in or outside \\text{}', () => {
    render('$\\text{速度} = 速度_{max}$');
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('a formula that does not parse', () => {
  it('shows its source and the error, and warns once naming the post, without throwing', () => {
    const md = '前 $\\frac{1}{$ 後\n\n$$\n\\undefinedcommand{x}_1\n$$';
    const html = render(md);
    expect(html).toContain(
      '<span class="math-error"><code class="language-math">\\frac{1}{</code> <span class="math-error-message" data-pagefind-ignore>(KaTeX parse error: ',
    );
    expect(html).toContain('<div class="math-error"><pre><code class="language-math">\\undefinedcommand{x}_1</code></pre><p class="math-error-message" data-pagefind-ignore>KaTeX parse error: Undefined control sequence: \\undefinedcommand at position 1</p></div>');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith('[math] src/content/posts/math-post.md: KaTeX parse error: Undefined control sequence: \\undefinedcommand at position 1 in $\\undefinedcommand{x}_1$');
    render(md);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(hasMath(html)).toBe(true);
  });

  it('escapes the source it shows', () => {
    const html = render('$\\foo{<img src=x onerror=alert(1)>}$');
    expect(html).toContain('<code class="language-math">\\foo{&lt;img src=x onerror=alert(1)&gt;}</code>');
    expect(html).not.toContain('<img');
  });
});

describe('hostile formulas', () => {
  it('makes no link, image or HTML attribute from \\href, \\url, \\includegraphics or \\htmlClass', () => {
    for (const tex of ['\\href{javascript:alert(1)}{x}', '\\url{javascript:alert(1)}', '\\includegraphics{https://e.com/x.png}', '\\htmlClass{x}{y}', '\\htmlStyle{color:red}{y}']) {
      const html = render(`$${tex}$`);
      expect(html).not.toMatch(/<a\b|href=|<img|javascript:[^<]*"/u);
      expect(html).toContain('class="math-error"');
      expect(html).toContain('is not allowed');
    }
  });

  it('stops a \\def loop with an error, quickly', () => {
    const start = performance.now();
    const html = render('$\\def\\x{\\x}\\x$ and $\\def\\y{\\y\\y}\\y$');
    expect(performance.now() - start).toBeLessThan(2000);
    expect(html.match(/class="math-error"/gu)).toHaveLength(2);
    expect(html).toContain('Too many expansions');
  });

  it('shows an over-long formula as source without typesetting it, and survives deep nesting', () => {
    const long = 'x+'.repeat(MAX_FORMULA_LENGTH);
    const start = performance.now();
    const html = render(`$$\n${long}\n$$`);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(html).toContain(`formula too long (${long.length} characters, at most ${MAX_FORMULA_LENGTH})`);
    const nested = render(`$${'{'.repeat(5000)}x${'}'.repeat(5000)}$`);
    expect(nested).toContain('class="math-error"');
  });

  it('caps sizes (\\rule, \\kern)', () => {
    const html = render('$\\rule{1000em}{1000em}\\kern{500em}$');
    const typeset = html.replace(/<annotation[\s\S]*?<\/annotation>/u, '');
    expect(typeset).not.toMatch(/1000em|500em/u);
    expect(typeset).toContain('border-right-width:20em;border-top-width:20em');
  });
});

describe('valid HTML', () => {
  it('passes html-validate with numbered equations, matrices, Japanese text and errors', async () => {
    const body = render(
      '式 $\\sqrt{x}$ と $\\bad$。\n\n$$\n\\begin{align}\na &= b \\tag{1} \\\\\nc &= \\text{速度}\n\\end{align}\n$$\n\n$$\n\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}\n$$\n\n$$\n\\frac{\n$$',
    );
    expect(body).toContain('class="mtr-glue"');
    const page = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head><body><main>${body}</main></body></html>`;
    const report = await new HtmlValidate(htmlValidateConfig).validateString(page);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});

describe('feeds and search', () => {
  it('marks the HTML copy aria-hidden (feeds drop it) and keeps MathML with the TeX annotation', () => {
    const html = render('$x^2$');
    expect(html).toContain('<span class="katex-html" aria-hidden="true" data-pagefind-ignore>');
    // What a feed keeps once aria-hidden parts are gone: the MathML.
    const feed = html.replace(/<span class="katex-html" aria-hidden="true"[\s\S]*$/u, '');
    expect(feed).toContain('<span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow><annotation encoding="application/x-tex" data-pagefind-ignore>x^2</annotation></semantics></math></span>');
  });
});

describe('hasMath', () => {
  it('is true for typeset math and math errors only', () => {
    expect(hasMath(render('$x$'))).toBe(true);
    expect(hasMath(render('$$\nx\n$$'))).toBe(true);
    expect(hasMath(render('$\\frac{$'))).toBe(true);
    expect(hasMath(render('テキストだけ'))).toBe(false);
    expect(hasMath(render('`<span class="katex">` と書く'))).toBe(false);
    expect(hasMath(render('```html\n<span class="katex">x</span>\n```'))).toBe(false);
  });
});

describe('the math stylesheet and fonts (src/pages/math/)', () => {
  const fontsDir = join(process.cwd(), 'node_modules/katex/dist/fonts');

  it('names only woff2 fonts, each of them served', () => {
    const css = mathStylesheet();
    const urls = [...css.matchAll(/url\(([^)]*)\)/gu)].map((m) => m[1]!.replace(/^["']|["']$/gu, ''));
    expect(urls.length).toBe(20);
    expect(css).not.toMatch(/\.woff\)|\.ttf\)|format\("(?:woff|truetype)"\)/u);
    const fonts = mathFonts();
    for (const url of urls) {
      expect(url).toMatch(/^fonts\/KaTeX_[\w-]+\.woff2$/u);
      expect(fonts).toContain(url.slice('fonts/'.length));
      expect(existsSync(join(fontsDir, url.slice('fonts/'.length)))).toBe(true);
    }
    expect(new Set(urls)).toEqual(new Set(fonts.map((name) => `fonts/${name}`)));
    // The site's styles for display math and errors come after KaTeX's.
    expect(css).toMatch(/\.katex\{[\s\S]*\.math-display \{ margin: 1em 0; overflow-x: auto;[\s\S]*\.math-error \{/u);
  });

  it('lists the stylesheet and the woff2 fonts as the static paths, and serves each', async () => {
    const paths = getStaticPaths().map((p) => p.params.file);
    expect(paths).toEqual(['katex.min.css', ...mathFonts().map((name) => `fonts/${name}`)]);
    expect(paths.every((p) => p === 'katex.min.css' || p.endsWith('.woff2'))).toBe(true);
    const get = (file: string) => GET({ params: { file } } as unknown as Parameters<typeof GET>[0]) as Promise<Response> | Response;
    const css = await get('katex.min.css');
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe(mathStylesheet());
    const font = await get('fonts/KaTeX_Main-Regular.woff2');
    expect(font.headers.get('Content-Type')).toBe('font/woff2');
    expect(new TextDecoder().decode((await font.arrayBuffer()).slice(0, 4))).toBe('wOF2');
    expect((await get('fonts/KaTeX_Main-Regular.ttf')).status).toBe(404);
    expect((await get('fonts/../../package.json')).status).toBe(404);
  });
});
