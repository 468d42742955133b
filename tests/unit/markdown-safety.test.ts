import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml } from 'satteri';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { missingImages } from '../../src/markdown/missing-images.ts';
import { filterRawHtml, rawHtml } from '../../src/markdown/raw-html.ts';
import { containPostHtml } from '../../src/markdown/contained-html.ts';
import { endRawHtmlPiece } from '../../src/markdown/raw-html-ends.ts';
import { unsafeUrl } from '../../src/markdown/raw-html-policy.ts';

const dir = mkdtempSync(join(tmpdir(), 'md-'));
writeFileSync(join(dir, 'here.png'), 'png');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const render = (md: string) =>
  markdownToHtml(md, { mdastPlugins: [missingImages, rawHtml], fileURL: pathToFileURL(join(dir, 'post.md')) }).html.trim();

describe('raw HTML in posts', () => {
  it('shows <script> and friends written as text as text, so they cannot swallow the page', () => {
    expect(render('(<script>run()</script>という<script>タグ)')).toBe('<p>(&lt;script>run()&lt;/script>という&lt;script>タグ)</p>');
    expect(render('<div><style>p{}</style><textarea>x</div>')).toBe('<div>&lt;style>p{}&lt;/style>&lt;textarea>x</div>');
  });

  it('removes complete external scripts (embeds) with a warning, keeping the quote', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const html = render('<blockquote class="twitter-tweet"><p>hi</p></blockquote> <script async src="//platform.twitter.com/widgets.js"></script>');
    expect(html).toBe('<blockquote class="twitter-tweet"><p>hi</p></blockquote>');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/post\.md: removed 1 external <script>/));
    warn.mockRestore();
  });

  it('keeps iframes, other HTML and code', () => {
    expect(render('<iframe src="https://www.youtube.com/embed/x"></iframe>')).toBe('<iframe src="https://www.youtube.com/embed/x"></iframe>');
    expect(render('`<script>`')).toBe('<p><code>&lt;script&gt;</code></p>');
    expect(filterRawHtml('<p class="x">ok</p>').html).toBe('<p class="x">ok</p>');
  });
});

describe('containing a rendered post', () => {
  const MARK = '<img __ASTRO_IMAGE_="{&quot;alt&quot;:&quot;a <b> é&quot;,&quot;src&quot;:&quot;./a.png&quot;,&quot;index&quot;:0}">';

  it('keeps HTML that stays within the post byte for byte', () => {
    const html = `<p>1 > 0 &amp; <span data-pagefind-ignore>x</span>${MARK}<br></p>\n<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>\n<!-- more -->\n<ul><li>a<li>b</ul>`;
    expect(containPostHtml(html, 'safe')).toEqual({ html, closed: [], dropped: [], removed: [] });
  });

  it('writes the post out again when it reaches out, with Astro’s image mark as it was', () => {
    const contained = containPostHtml(`<div>${MARK}<a href="javascript:x()">a</a>`, 'safe');
    expect(contained.html).toBe(`<div>${MARK}<a>a</a></div>`);
    expect(contained).toMatchObject({ closed: ['<div>'], removed: ['javascript: URL (href of <a>)'] });
  });

  it('keeps what it removes in trusted mode, and still closes', () => {
    expect(containPostHtml('<b onclick="f()">x</p>', 'trusted').html).toBe('<b onclick="f()">x<p></p></b>');
  });
});

describe('one piece of raw HTML', () => {
  it('is left alone when it ends everything it opens, or what it opens holds HTML', () => {
    for (const html of ['<div class="a">', '</div>', '<!-- note -->', '<iframe src="https://example.com/"></iframe>', '<table><tr><td>']) {
      expect(endRawHtmlPiece(html, () => false)).toEqual({ html, ended: [] });
    }
  });
});

describe('URLs', () => {
  it('run script by their scheme, as the browser reads it', () => {
    for (const url of ['javascript:x', ' JAVASCRIPT:x', 'java\tscript:x', '\u0001javascript:x', 'vbscript:x', 'data:text/html,x']) {
      expect(unsafeUrl(url, false), JSON.stringify(url)).toBeDefined();
    }
    for (const url of ['https://example.com/', '/a', '#b', 'mailto:a@example.com', 'javascript-guide.html', './javascript:x']) {
      expect(unsafeUrl(url, false), url).toBeUndefined();
    }
    expect(unsafeUrl('data:image/png;base64,AA==', true)).toBeUndefined();
    expect(unsafeUrl('data:image/png;base64,AA==', false)).toBe('data:');
  });
});

describe('images that do not exist', () => {
  it('stay as written, as a plain <img>, with a warning naming the post and the image', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(render('![代替 "文"](./img/missing.png "題")')).toBe('<p><img src="./img/missing.png" alt="代替 &quot;文&quot;" title="題"></p>');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/post\.md: image "\.\/img\/missing\.png" not found/));
    warn.mockRestore();
  });

  it('leave existing, remote and site-absolute images to the image pipeline', () => {
    for (const md of ['![a](./here.png)', '![a](https://example.com/a.png)', '![a](/a.png)']) {
      expect(render(md)).toMatch(/^<p><img src="[^"]+" alt="a"><\/p>$/);
    }
  });
});
