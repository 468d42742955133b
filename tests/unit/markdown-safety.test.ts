import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml } from 'satteri';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { missingImages } from '../../src/markdown/missing-images.ts';
import { filterRawHtml, rawHtml } from '../../src/markdown/raw-html.ts';

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
