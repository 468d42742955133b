/**
 * `npm run cards` records the natural size of the remote images posts show (src/link-cards/
 * src/markdown/find-remote-images.ts, image-size.ts, the store's `images`), against a server of its own on 127.0.0.1:
 * never any other host. The build side is in post-images.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRemoteImages } from '../../src/markdown/find-remote-images.ts';
import { findCardUrls } from '../../src/markdown/find-card-urls.ts';
import { fetchImageSize } from '../../src/link-cards/image-size.ts';
import { emptyStore, imageStoreKey, LINK_CARD_STORE, parseStore, readStore, serializeStore } from '../../src/markdown/link-card-store.ts';
import { updateStore } from '../../src/link-cards/update-store.ts';

let server: Server;
let origin: string;
const hits = new Map<string, number>();
const routes = new Map<string, { type: string; body: Buffer | string }>();

beforeAll(async () => {
  const jpeg = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  // Stored sideways, shown upright: a browser shows it 300 wide and 500 tall.
  const rotated = await sharp({ create: { width: 500, height: 300, channels: 3, background: '#224488' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  routes.set('/photo.jpg', { type: 'image/jpeg', body: jpeg });
  routes.set('/mislabelled', { type: 'text/plain', body: jpeg });
  routes.set('/rotated.jpg', { type: 'image/jpeg', body: rotated });
  routes.set('/logo.svg', { type: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>' });
  routes.set('/fake.png', { type: 'image/png', body: 'not an image at all' });
  routes.set('/page.html', { type: 'text/html', body: '<title>x</title>' });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('remote images in posts', () => {
  it('finds Markdown, reference, Zenn-sized and HTML images, each once, and no code or local image', () => {
    const post = [
      '---',
      'image: https://example.com/in-frontmatter.png',
      '---',
      '![a](https://example.com/a.png)',
      '',
      '![b](https://example.com/b.png =250x) and ![a again](https://example.com/a.png)',
      '',
      '![ref][r]',
      '',
      '<p><img src="https://example.com/c.png?x=1&amp;y=2" alt=""><img src="/local.png"></p>',
      '',
      'Text <img src=\'https://EXAMPLE.com/d 1.png\'> inline.',
      '',
      '`![code](https://example.com/code.png)`',
      '',
      '```md',
      '![fenced](https://example.com/fenced.png)',
      '```',
      '',
      ':::message',
      '![in a container](https://example.com/e.png)',
      ':::',
      '',
      '![local](./local.png) ![relative](//example.com/protocol-relative.png) ![data](data:image/png;base64,AAAA)',
      '',
      '[r]: https://example.com/ref.png',
    ].join('\n');
    expect(findRemoteImages(post)).toEqual([
      'https://example.com/a.png',
      'https://example.com/b.png',
      'https://example.com/c.png?x=1&y=2',
      'https://example.com/d%201.png',
      'https://example.com/e.png',
      'https://example.com/ref.png',
    ]);
    expect(findCardUrls(post).images).toEqual(findRemoteImages(post));
  });

  it('keys an image as a browser resolves its address', () => {
    expect(imageStoreKey('https://EXAMPLE.com/日本 語.png#x')).toBe('https://example.com/%E6%97%A5%E6%9C%AC%20%E8%AA%9E.png');
    expect(imageStoreKey('./a.png')).toBeUndefined();
    expect(imageStoreKey('javascript:alert(1)')).toBeUndefined();
  });
});

describe('fetching a size', () => {
  it('reads the size whatever the server calls it, upright as a browser shows it', async () => {
    expect(await fetchImageSize(`${origin}/photo.jpg`, { allowPrivate: true })).toEqual({ width: 640, height: 360 });
    expect(await fetchImageSize(`${origin}/mislabelled`, { allowPrivate: true })).toEqual({ width: 640, height: 360 });
    expect(await fetchImageSize(`${origin}/rotated.jpg`, { allowPrivate: true })).toEqual({ width: 300, height: 500 });
  });

  it('refuses SVG, what is not an image, pages, and private addresses unless allowed', async () => {
    const reason = (url: string, allowPrivate = true) => fetchImageSize(url, { allowPrivate }).then(() => 'fetched', (e: { reason?: string }) => e.reason);
    expect(await reason(`${origin}/logo.svg`)).toMatch(/SVG/u);
    expect(await reason(`${origin}/fake.png`)).toBe('not an image');
    expect(await reason(`${origin}/page.html`)).toBe('not an image');
    expect(await reason(`${origin}/missing.png`)).toBe('HTTP 404');
    expect(await reason(`${origin}/photo.jpg`, false)).toBe('private address');
  });
});

describe('the store', () => {
  it('reads and writes image sizes, and leaves the section out when there is none', () => {
    const store = emptyStore();
    expect(serializeStore(store)).not.toContain('images');
    store.images['https://example.com/a.png'] = { width: 10, height: 20, fetched: '2024-01-02' };
    const text = serializeStore(store);
    expect(parseStore(text, 'x').images).toEqual(store.images);
    expect(() => parseStore(JSON.stringify({ version: 1, images: { u: { width: 0, height: 1, fetched: '2024-01-02' } } }), 'x')).toThrow(/images\["u"\]\.width/u);
  });

  it('records the sizes, does not fetch them again, records failures and prunes them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'image-sizes-'));
    try {
      const posts = join(root, 'src', 'content', 'posts');
      mkdirSync(posts, { recursive: true });
      writeFileSync(join(posts, 'p.md'), `---\ntitle: t\n---\n![a](${origin}/photo.jpg)\n\n<img src="${origin}/rotated.jpg">\n\n![b](${origin}/missing.png)\n`);
      const run = async (extra: Partial<Parameters<typeof updateStore>[0]> = {}) => {
        const lines: string[] = [];
        const result = await updateStore({
          root, timeZone: 'Asia/Tokyo', findUrls: findCardUrls, now: new Date('2024-03-01T16:00:00Z'), fetch: { allowPrivate: true }, log: (l) => lines.push(l), ...extra,
        });
        return { result, lines };
      };
      // The dev server's background run fetches cards only.
      const before = hits.get('/photo.jpg');
      const dev = await run({ images: false });
      expect(dev.result).toMatchObject({ images: 0, failed: 0, kept: 0 });
      expect(hits.get('/photo.jpg')).toBe(before);

      const first = await run();
      expect(first.result).toMatchObject({ cards: 0, images: 2, failed: 1, kept: 0, changed: true });
      expect(first.lines).toContain(`image ${origin}/photo.jpg  640x360`);
      const file = join(root, LINK_CARD_STORE);
      const { store } = readStore(file);
      expect(store.images).toEqual({
        [`${origin}/photo.jpg`]: { width: 640, height: 360, fetched: '2024-03-02' },
        [`${origin}/rotated.jpg`]: { width: 300, height: 500, fetched: '2024-03-02' },
      });
      expect(store.failed[`${origin}/missing.png`]).toEqual({ reason: 'HTTP 404', tried: '2024-03-02' });

      const photoHits = hits.get('/photo.jpg');
      const text = readFileSync(file, 'utf8');
      const second = await run();
      expect(second.result).toMatchObject({ images: 0, failed: 0, kept: 3, changed: false });
      expect(hits.get('/photo.jpg')).toBe(photoHits);
      expect(readFileSync(file, 'utf8')).toBe(text);

      await run({ refresh: [`${origin}/photo.jpg`] });
      expect(hits.get('/photo.jpg')).toBe(photoHits! + 1);

      writeFileSync(join(posts, 'p.md'), `![a](${origin}/photo.jpg)\n`);
      const pruned = await run({ prune: true });
      expect(pruned.result.pruned).toBe(2);
      expect(Object.keys(readStore(file).store.images)).toEqual([`${origin}/photo.jpg`]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
