/**
 * Embeds (src/markdown/embeds.ts): which URLs and Zenn `@[name](...)` forms they come from, the
 * markup that makes no request until the reader clicks, and the loader script that then puts the
 * frame in (src/components/EmbedLoader.astro).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { markdownToHtml } from 'satteri';
import { describe, expect, it, vi } from 'vitest';
import { linkBlockOf } from '../../src/markdown/find-card-urls.ts';
import { embedFromUrl, embedFromZenn, hasEmbeds, hasLinkBlocks, type Embed } from '../../src/markdown/embeds.ts';
import { linkBlocks } from '../../src/markdown/link-blocks.ts';

async function render(markdown: string, lang?: string): Promise<string> {
  const result = await markdownToHtml(markdown, {
    mdastPlugins: [linkBlocks()],
    // Astro hands plugins the post's frontmatter in the document's data.
    ...(lang ? { data: { astro: { frontmatter: { lang }, headings: [], localImagePaths: new Set<string>(), remoteImagePaths: new Set<string>() } } } : {}),
  });
  return result.html.trim();
}

describe('embeds from bare URLs', () => {
  it.each<[string, Partial<Embed>]>([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', { provider: 'youtube', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' }],
    ['https://youtu.be/dQw4w9WgXcQ?t=90', { provider: 'youtube', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90' }],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s', { src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90' }],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1h0m5s', { src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=3605' }],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', { src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' }],
    ['https://x.com/jack/status/20', { provider: 'tweet', src: 'https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true' }],
    ['https://twitter.com/kaityo256/status/1729865255495581824?s=20', { provider: 'tweet', src: 'https://platform.twitter.com/embed/Tweet.html?id=1729865255495581824&dnt=true' }],
    ['https://speakerdeck.com/player/0123456789abcdef?slide=3', { provider: 'speakerdeck', src: 'https://speakerdeck.com/player/0123456789abcdef?slide=3' }],
    ['https://www.docswell.com/s/ku-suke/LK7J5V-hello-docswell/13', { provider: 'docswell', src: 'https://www.docswell.com/slide/LK7J5V/embed#p13' }],
    ['https://www.docswell.com/slide/LK7J5V/embed#p2', { provider: 'docswell', src: 'https://www.docswell.com/slide/LK7J5V/embed#p2' }],
    ['https://www.slideshare.net/slideshow/embed_code/key/abcDEF123', { provider: 'slideshare', src: 'https://www.slideshare.net/slideshow/embed_code/key/abcDEF123' }],
    ['https://codepen.io/someone/pen/abcDEF?default-tab=html', { provider: 'codepen', src: 'https://codepen.io/someone/embed/abcDEF?default-tab=html' }],
    ['https://stackblitz.com/edit/some-project?file=src%2Fmain.ts', { provider: 'stackblitz', src: 'https://stackblitz.com/edit/some-project?file=src%2Fmain.ts&embed=1' }],
    ['https://codesandbox.io/embed/wovn-ignore-ucer9y?theme=light&view=preview', { provider: 'codesandbox', src: 'https://codesandbox.io/embed/wovn-ignore-ucer9y?theme=light&view=preview' }],
    ['https://codesandbox.io/s/some-sandbox-abc12', { provider: 'codesandbox', src: 'https://codesandbox.io/embed/some-sandbox-abc12' }],
    ['https://gist.github.com/someone/0123456789abcdef?file=a.js', { provider: 'gist', src: 'https://gist.github.com/someone/0123456789abcdef.pibb?file=a.js' }],
    [
      'https://www.figma.com/file/ABCDEFGHIJKLMNOPQRSTUV/Design?node-id=1-2',
      { provider: 'figma', src: 'https://www.figma.com/embed?embed_host=share&url=https%3A%2F%2Fwww.figma.com%2Ffile%2FABCDEFGHIJKLMNOPQRSTUV%2FDesign%3Fnode-id%3D1-2' },
    ],
    ['https://jsfiddle.net/someone/abc123/', { provider: 'jsfiddle', src: 'https://jsfiddle.net/someone/abc123/embedded/' }],
    ['https://jsfiddle.net/someone/abc123/embedded/result,js/', { provider: 'jsfiddle', src: 'https://jsfiddle.net/someone/abc123/embedded/result,js/' }],
  ])('%s', (url, expected) => {
    const embed = embedFromUrl(url);
    expect(embed).toMatchObject({ href: new URL(url).href, ...expected });
    expect(linkBlockOf(url)).toEqual({ kind: 'embed', embed });
  });

  it.each([
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/@channel',
    'https://x.com/jack',
    'https://speakerdeck.com/someone/a-talk',
    'https://www.slideshare.net/someone/a-talk',
    'https://codepen.io/someone',
    'https://gist.github.com/someone',
    'https://www.figma.com/file/short/Design',
    'https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
  ])('%s is not embeddable: a card', (url) => {
    expect(embedFromUrl(url)).toBeUndefined();
    expect(linkBlockOf(url)).toEqual({ kind: 'card', url });
  });
});

describe("Zenn's embeds", () => {
  it.each<[string, string, Partial<Embed>]>([
    ['youtube', 'dQw4w9WgXcQ', { provider: 'youtube', href: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' }],
    ['youtube', 'https://youtu.be/dQw4w9WgXcQ?t=30', { provider: 'youtube', src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30' }],
    ['tweet', 'https://twitter.com/jack/status/20', { provider: 'tweet', href: 'https://twitter.com/jack/status/20' }],
    ['speakerdeck', '0123456789abcdef0123456789abcdef?slide=2', { src: 'https://speakerdeck.com/player/0123456789abcdef0123456789abcdef?slide=2' }],
    ['slideshare', 'abcDEF123', { src: 'https://www.slideshare.net/slideshow/embed_code/key/abcDEF123' }],
    ['docswell', 'https://www.docswell.com/s/someone/ABC123-title#p4', { src: 'https://www.docswell.com/slide/ABC123/embed#p4' }],
    ['codepen', 'https://codepen.io/someone/pen/abcDEF', { src: 'https://codepen.io/someone/embed/abcDEF?default-tab=result' }],
    ['stackblitz', 'https://stackblitz.com/edit/p?embed=1&file=a.ts', { src: 'https://stackblitz.com/edit/p?file=a.ts&embed=1' }],
    ['codesandbox', 'some-sandbox-abc12', { href: 'https://codesandbox.io/s/some-sandbox-abc12', src: 'https://codesandbox.io/embed/some-sandbox-abc12' }],
    ['gist', 'https://gist.github.com/someone/0123abcd', { src: 'https://gist.github.com/someone/0123abcd.pibb' }],
    ['figma', 'https://www.figma.com/design/ABCDEFGHIJKLMNOPQRSTUV/x', { provider: 'figma' }],
    ['jsfiddle', 'https://jsfiddle.net/abc123/', { src: 'https://jsfiddle.net/abc123/embedded/' }],
  ])('@[%s](%s)', (name, value, expected) => {
    expect(embedFromZenn(name, value)).toMatchObject(expected);
    expect(linkBlockOf(`@[${name}](${value})`)).toMatchObject({ kind: 'embed', embed: expected });
  });

  it.each([
    ['youtube', 'javascript:alert(1)'],
    ['youtube', 'dQw4w9WgXcQ"><script>'],
    ['youtube', 'https://vimeo.com/123'],
    ['tweet', 'https://evil.example/jack/status/20'],
    ['tweet', 'javascript:alert(1)'],
    ['speakerdeck', '../../evil'],
    ['slideshare', 'a b'],
    ['codepen', 'data:text/html,<script>alert(1)</script>'],
    ['gist', 'https://gist.github.com.evil.example/a/0123'],
    ['codesandbox', 'javascript:alert(1)'],
    ['figma', 'https://www.figma.com/file/short'],
    ['jsfiddle', 'vbscript:msgbox'],
  ])('@[%s](%s) makes no embed, and says why', (name, value) => {
    const result = embedFromZenn(name, value);
    expect(result).toEqual({ problem: expect.stringContaining(`@[${name}] needs`) });
  });
});

describe('the markup', () => {
  it('is a figure with a link, and a hidden button holding the frame for the script', async () => {
    const html = await render('@[youtube](dQw4w9WgXcQ)');
    expect(html).toBe(
      '<figure class="embed embed-youtube" data-pagefind-ignore>' +
        '<button type="button" class="embed-load" hidden data-feed="omit" data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" data-embed-title="YouTube の動画" ' +
        'data-embed-allow="encrypted-media; picture-in-picture; fullscreen" data-embed-sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation">' +
        '<span class="embed-load-label">YouTube の動画を読み込む</span><span class="embed-load-note">読み込むと www.youtube-nocookie.com に接続します</span></button>' +
        '<figcaption class="embed-caption"><a class="embed-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">YouTube の動画</a> ' +
        '<span class="embed-address">www.youtube.com/watch?v=dQw4w9WgXcQ</span></figcaption></figure>',
    );
  });

  it("speaks the post's language", async () => {
    const html = await render('https://x.com/jack/status/20', 'en');
    expect(html).toContain('data-embed-src="https://platform.twitter.com/embed/Tweet.html?id=20&#x26;dnt=true&#x26;lang=en"'.replace(/&#x26;/gu, '&amp;'));
    expect(html).toContain('>Load the Post on X<');
    expect(html).toContain('<a class="embed-link" href="https://x.com/jack/status/20">Post on X</a>');
  });

  it('takes no URL that carries quotes or brackets, and never emits a frame or a script', async () => {
    const html = await render('https://www.youtube.com/watch?v=dQw4w9WgXcQ&x="onmouseover=alert(1)');
    expect(html).not.toMatch(/<script|<iframe|<figure/u);
    const document = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`).document;
    expect([...document.querySelectorAll('*')].some((e) => e.hasAttribute('onmouseover'))).toBe(false);
    expect(await render('@[youtube](dQw4w9WgXcQ"onmouseover="alert(1))')).toBe('<p>@[youtube](dQw4w9WgXcQ"onmouseover="alert(1))</p>');
  });

  it('is found by hasEmbeds, which the page uses to add the loader', async () => {
    expect(hasEmbeds(await render('@[youtube](dQw4w9WgXcQ)'))).toBe(true);
    expect(hasEmbeds(await render('https://example.com/'))).toBe(false);
    expect(hasEmbeds('<p>data-embed-src is mentioned in text</p>')).toBe(false);
  });

  it('is found by hasLinkBlocks with cards, which the page uses to add their styles', async () => {
    expect(hasLinkBlocks(await render('@[youtube](dQw4w9WgXcQ)'))).toBe(true);
    expect(hasLinkBlocks(await render('https://example.com/'))).toBe(true);
    expect(hasLinkBlocks(await render('[example](https://example.com/)'))).toBe(false);
  });
});

describe('the loader script', () => {
  const component = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'components', 'EmbedLoader.astro'), 'utf8');
  const script = /<script is:inline>([\s\S]*?)<\/script>/u.exec(component)![1]!;

  it('is small enough to inline', () => {
    expect(Buffer.byteLength(script)).toBeLessThan(1500);
  });

  it('shows the buttons, and a click puts a sandboxed frame in the button’s place', async () => {
    const html = (await render('@[youtube](dQw4w9WgXcQ)\n\nhttps://x.com/jack/status/20\n\n<button data-embed-src="javascript:alert(1)" hidden>x</button>'));
    const { document, window } = parseHTML(`<!DOCTYPE html><html data-theme="dark"><body>${html}</body></html>`);
    const listeners: Array<(e: unknown) => void> = [];
    const run = new Function('document', 'addEventListener', 'matchMedia', script);
    run(document, (_: string, listener: (e: unknown) => void) => listeners.push(listener), () => ({ matches: false }));
    const buttons = [...document.querySelectorAll('button')];
    expect(buttons.map((b) => b.hasAttribute('hidden'))).toEqual([false, false, true]);
    // No frame before a click.
    expect(document.querySelectorAll('iframe')).toHaveLength(0);
    const focus = vi.fn();
    window.HTMLElement.prototype.focus = focus;
    buttons[0]!.dispatchEvent(new window.Event('click'));
    buttons[1]!.dispatchEvent(new window.Event('click'));
    const [youtube, tweet] = [...document.querySelectorAll('iframe')];
    expect(youtube!.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(youtube!.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation');
    expect(youtube!.getAttribute('allow')).toBe('encrypted-media; picture-in-picture; fullscreen');
    expect(youtube!.getAttribute('title')).toBe('YouTube の動画');
    expect(youtube!.getAttribute('loading')).toBe('lazy');
    expect(youtube!.getAttribute('referrerpolicy')).toBe('strict-origin-when-cross-origin');
    // The page is dark: the tweet loads dark.
    expect(tweet!.getAttribute('src')).toBe('https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true&lang=ja&theme=dark');
    expect(tweet!.hasAttribute('allow')).toBe(false);
    expect(document.querySelectorAll('button')).toHaveLength(1);
    expect(focus).toHaveBeenCalledTimes(2);
    // A tweet asks for its height; a message from anywhere else is ignored.
    const source = {};
    Object.defineProperty(tweet, 'contentWindow', { value: source });
    listeners[0]!({ origin: 'https://evil.example', source, data: { 'twttr.embed': { method: 'twttr.private.resize', params: [{ height: 10 }] } } });
    expect(tweet!.style.height).toBe('');
    listeners[0]!({ origin: 'https://platform.twitter.com', source, data: JSON.stringify({ 'twttr.embed': { method: 'twttr.private.resize', params: [{ height: 612 }] } }) });
    expect(tweet!.style.height).toBe('612px');
  });
});
