/**
 * Post images that Astro does not optimize (remote, in `public/`, missing, or written as HTML):
 * `sizes` only where a srcset will be, lazy loading after the post's first image, and their width and
 * height where the build can know them (src/markdown/images.ts, image-dimensions.ts, raw-img-tags.ts).
 * tests/build/images.test.ts checks a real build.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { satteriCollectImagesPlugin } from '@astrojs/markdown-satteri';
import { markdownToHtml } from 'satteri';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedSize, measureImageFile, publicImageFile } from '../../src/markdown/image-dimensions.ts';
import { imageSizesAndCaptions, prepareImageSizes, sizedImageSizes } from '../../src/markdown/image-sizes-and-captions.ts';
import { POST_IMAGE_SIZES, postImages } from '../../src/markdown/images.ts';
import { missingImages } from '../../src/markdown/missing-images.ts';
import { addImgAttributes, imgTagAttributes } from '../../src/markdown/raw-img-tags.ts';
import { rawHtml } from '../../src/markdown/raw-html.ts';
import { LINK_CARD_STORE } from '../../src/markdown/link-card-store.ts';

let project: string;
const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#336699' } }).png().toBuffer();

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'post-images-'));
  mkdirSync(join(project, 'src', 'content', 'posts'), { recursive: true });
  mkdirSync(join(project, 'public', 'images', '日本'), { recursive: true });
  writeFileSync(join(project, 'src', 'content', 'posts', 'beside.png'), await png(10, 10));
  writeFileSync(join(project, 'public', 'images', 'wide.png'), await png(800, 400));
  writeFileSync(join(project, 'public', 'images', '日本', 'tall.png'), await png(300, 600));
  writeFileSync(join(project, 'public', 'images', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>');
  writeFileSync(join(project, 'public', 'images', 'broken.png'), 'not an image');
  writeFileSync(join(project, 'secret.png'), await png(5, 5));
  writeFileSync(
    join(project, LINK_CARD_STORE),
    JSON.stringify({
      version: 1,
      images: {
        'https://cdn.example.com/photo.jpg': { width: 1200, height: 800, fetched: '2024-01-01' },
        'https://cdn.example.com/a%20b.png?x=1&y=2': { width: 640, height: 480, fetched: '2024-01-01' },
      },
    }),
  );
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Renders `markdown` as the post `src/content/posts/p.md` of the test project, as a build would. */
async function render(markdown: string, frontmatter: Record<string, unknown> = {}): Promise<string> {
  const astro = { frontmatter, headings: [], localImagePaths: new Set<string>(), remoteImagePaths: new Set<string>() };
  const result = await markdownToHtml(prepareImageSizes(markdown), {
    mdastPlugins: [imageSizesAndCaptions, missingImages, rawHtml, satteriCollectImagesPlugin()],
    hastPlugins: [postImages, sizedImageSizes],
    features: { gfm: true },
    fileURL: pathToFileURL(join(project, 'src', 'content', 'posts', 'p.md')),
    data: { astro },
  });
  return result.html;
}
const imgs = (html: string) => [...html.matchAll(/<img\b[^>]*>/gu)].map((m) => m[0]);
const img = async (markdown: string) => imgs(await render(markdown))[0]!;
/** The width and height of an `<img>` tag, as written. */
const sizeOf = (tag: string) => [/ width="([^"]*)"/u.exec(tag)?.[1], / height="([^"]*)"/u.exec(tag)?.[1]];
/** Three paragraphs first, so that the image below is not the post's first. */
const LATER = '![first](https://cdn.example.com/first.png)\n\ntext\n\n';

describe('sizes', () => {
  it('is given only to images that get a srcset (the ones Astro optimizes)', async () => {
    const html = await render(`${LATER}![local](./beside.png)\n\n![remote](https://cdn.example.com/photo.jpg)\n\n![public](/images/wide.png)\n\n<img src="https://cdn.example.com/raw.png">\n\n![missing](./no-such.png)\n`);
    const tags = imgs(html);
    expect(tags).toHaveLength(6);
    expect(tags.filter((t) => t.includes(' sizes='))).toEqual([expect.stringContaining('src="./beside.png"')]);
    expect(tags[1]).toContain(`sizes="${POST_IMAGE_SIZES}"`);
  });

  it('matches a narrow width only on images that have it', async () => {
    expect(await img('![a](./beside.png =250x)')).toContain('sizes="(min-width: 290px) 250px, calc(100vw - 2.5rem)"');
    expect(await img('![a](https://cdn.example.com/x.png =250x)')).not.toContain('sizes=');
  });
});

describe('loading', () => {
  it('leaves the first image eager, with high priority near the top, and makes every later one lazy', async () => {
    const html = await render(
      `![first](https://cdn.example.com/1.png)\n\n![second](https://cdn.example.com/2.png)\n\n<p><img src="https://cdn.example.com/3.png"><img src="/images/none.png"/></p>\n\n![missing](./no-such.png)\n`,
    );
    const [first, ...rest] = imgs(html);
    expect(first).toContain('loading="eager"');
    expect(first).toContain('fetchpriority="high"');
    expect(first).not.toContain('decoding="async"');
    expect(rest).toHaveLength(4);
    for (const tag of rest) {
      expect(tag).toContain('loading="lazy"');
      expect(tag).toContain('decoding="async"');
      expect(tag).not.toContain('fetchpriority');
    }
    expect(html).toContain('<img src="/images/none.png" loading="lazy" decoding="async"/>');
  });

  it('never makes the first image lazy, even far down the post', async () => {
    const tag = await img(`${'段落\n\n'.repeat(5)}<img src="https://cdn.example.com/far.png">`);
    expect(tag).toBe('<img src="https://cdn.example.com/far.png">');
  });

  it('counts the first image whether it is Markdown or HTML', async () => {
    const [raw, markdown] = imgs(await render('<img src="https://cdn.example.com/1.png">\n\n![b](https://cdn.example.com/2.png)'));
    expect(raw).toContain('loading="eager"');
    expect(markdown).toContain('loading="lazy"');
  });

  it('leaves the first body image lazy when a hero image comes before it', async () => {
    const tag = imgs(await render('![a](https://cdn.example.com/1.png)', { heroImage: './hero.png' }))[0]!;
    expect(tag).toContain('loading="lazy"');
  });

  it('leaves what the author wrote: loading, decoding, the address', async () => {
    const html = await render(`${LATER}<img src="https://cdn.example.com/x.png?a=1&amp;b=2" loading="eager" decoding="sync" alt="x">`);
    expect(imgs(html)[1]).toBe('<img src="https://cdn.example.com/x.png?a=1&amp;b=2" loading="eager" decoding="sync" alt="x">');
  });
});

describe('width and height', () => {
  it('measures an image in public/ (escaped names too) and keeps a width the author gave', async () => {
    expect(sizeOf(await img('![a](/images/wide.png)'))).toEqual(['800', '400']);
    expect(sizeOf(await img('![a](/images/%E6%97%A5%E6%9C%AC/tall.png?v=2)'))).toEqual(['300', '600']);
    expect(sizeOf(await img('![a](/images/wide.png =200x)'))).toEqual(['200', '100']);
    expect(await img('<img src="/images/wide.png" height="40">')).toBe('<img src="/images/wide.png" height="40" loading="eager" fetchpriority="high" width="80">');
    expect(await img('<img src="/images/wide.png" width="50%">')).not.toContain('height=');
    expect(await img('<img src="/images/wide.png" width="10" height="10">')).toBe('<img src="/images/wide.png" width="10" height="10" loading="eager" fetchpriority="high">');
  });

  it('gives no size it cannot know: SVG, not an image, no file, outside public/, remote without a record', async () => {
    for (const src of ['/images/logo.svg', '/images/broken.png', '/images/none.png', '/../secret.png', '/images/../../secret.png', '//cdn.example.com/photo.jpg', 'https://cdn.example.com/unknown.png']) {
      const tag = await img(`![a](${src})`);
      expect(tag, src).not.toMatch(/width=|height=/u);
    }
  });

  it('gives a remote image the size npm run cards recorded, however its address is written', async () => {
    expect(sizeOf(await img('![a](https://cdn.example.com/photo.jpg)'))).toEqual(['1200', '800']);
    expect(sizeOf(await img('![a](https://CDN.example.com/photo.jpg#top)'))).toEqual(['1200', '800']);
    expect(sizeOf(await img('![a](<https://cdn.example.com/a b.png?x=1&y=2>)'))).toEqual(['640', '480']);
    expect(sizeOf(await img('<img src="https://cdn.example.com/a b.png?x=1&amp;y=2">'))).toEqual(['640', '480']);
    expect(sizeOf(await img('![a](https://cdn.example.com/photo.jpg =300x)'))).toEqual(['300', '200']);
  });

  it('measures a public/ file again when it changes', async () => {
    const file = join(project, 'public', 'images', 'changing.png');
    writeFileSync(file, await png(100, 50));
    expect(await measureImageFile(file)).toEqual({ width: 100, height: 50 });
    writeFileSync(file, await png(40, 80));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await measureImageFile(file)).toEqual({ width: 40, height: 80 });
    expect(publicImageFile('/images/changing.png', join(project, 'public'))).toBe(file);
  });

  it('completes a size from the proportions', () => {
    expect(completedSize(undefined, undefined, { width: 800, height: 400 })).toEqual({ width: 800, height: 400 });
    expect(completedSize(333, undefined, { width: 1000, height: 3 })).toEqual({ width: 333, height: 1 });
    expect(completedSize(undefined, 10, { width: 800, height: 400 })).toEqual({ width: 20, height: 10 });
    expect(completedSize(1, 2, { width: 800, height: 400 })).toBeUndefined();
  });
});

describe('img tags in raw HTML', () => {
  it('reads attributes as a browser does', () => {
    expect(imgTagAttributes('<p><IMG SRC=a.png ALT=\'x\' data-x="&lt;&amp;"/><img src="b.png" src="c.png"></p>').map((a) => Object.fromEntries(a))).toEqual([
      { src: 'a.png', alt: 'x', 'data-x': '<&' },
      { src: 'b.png' },
    ]);
  });

  it('finds no img in comments, attribute values, other tags or a tag cut short', () => {
    const html = '<!-- <img src="a"> --><a title="<img src=b>">x</a><imgx src="c"><p>&lt;img src="d"></p><img src="e"';
    expect(imgTagAttributes(html)).toEqual([]);
    expect(addImgAttributes(html, () => ({ loading: 'lazy' }))).toBe(html);
  });

  it('adds attributes before the end of the tag, never one the tag has, escaped', () => {
    const add = () => ({ loading: 'lazy', alt: 'x', title: '"<&' });
    expect(addImgAttributes('<img src="a" alt="">', add)).toBe('<img src="a" alt="" loading="lazy" title="&quot;&lt;&amp;">');
    expect(addImgAttributes('<img src="a"/>', add)).toBe('<img src="a" loading="lazy" alt="x" title="&quot;&lt;&amp;"/>');
    expect(addImgAttributes('<img src=a/>', () => ({ loading: 'lazy' }))).toBe('<img src=a/ loading="lazy">');
    expect(addImgAttributes('<img\nsrc="a"\n>', () => ({ loading: 'lazy' }))).toBe('<img\nsrc="a"\n loading="lazy">');
    const two = addImgAttributes('<img src="1"><b>x</b><img src="2">', (a) => ({ title: a.get('src')! }));
    expect(two).toBe('<img src="1" title="1"><b>x</b><img src="2" title="2">');
  });
});
