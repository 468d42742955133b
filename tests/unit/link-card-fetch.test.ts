/**
 * The link-card fetcher (`npm run cards`) against a server of its own on 127.0.0.1: never any other
 * host. Covers reading pages (Open Graph, plain tags, Shift_JIS, EUC-JP), hostile pages (markup in
 * titles, `javascript:` images, a 10 MB page, a gzip bomb, redirect loops and schemes, a slow server,
 * fake images, private addresses) and the store (failures, no refetching, byte-identical writes).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchCard } from '../../src/link-cards/fetch-card.ts';
import { fetchImage, fetchPage, FetchFailure, MAX_PAGE_BYTES } from '../../src/link-cards/fetch-page.ts';
import type { FetchOptions } from '../../src/link-cards/fetch-page.ts';
import { fetchGitHubCode, languageOfPath, parseGitHubPermalink } from '../../src/link-cards/github-code.ts';
import { decodePage, extractPageMeta, pageMetaFromBytes } from '../../src/link-cards/page-meta.ts';
import { plainText } from '../../src/link-cards/plain-text.ts';
import { isPrivateAddress } from '../../src/link-cards/private-address.ts';
import { ImageRejected, saveCardIcon, saveCardImage } from '../../src/link-cards/save-image.ts';
import { LINK_CARD_STORE, parseStore, readStore, serializeStore } from '../../src/markdown/link-card-store.ts';
import { collectPostUrls, updateStore } from '../../src/link-cards/update-store.ts';
import { stripFrontmatter } from '../../src/markdown/frontmatter.ts';
import { projectRoot } from '../helpers/site.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let origin: string;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
let photoPng: Buffer;

const allow: FetchOptions = { allowPrivate: true };
const html = (body: string, type = 'text/html; charset=utf-8'): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};
const bytes = (body: Uint8Array, type: string): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};
const redirect = (location: string, status = 302): Handler => (_req, res) => {
  res.writeHead(status, { location });
  res.end();
};

/** A stand-in for src/markdown/find-card-urls.ts: every line that is only a URL. */
const findLines = (markdown: string) => {
  const urls = markdown.split('\n').filter((l) => /^https?:\/\/\S+$/u.test(l.trim())).map((l) => l.trim());
  return { cards: urls.filter((u) => !parseGitHubPermalink(u)), code: urls.filter((u) => parseGitHubPermalink(u)) };
};

// Bytes written by hand: 日本のテスト in Shift_JIS and in EUC-JP.
const SJIS_NIHON_NO_TESUTO = [0x93, 0xfa, 0x96, 0x7b, 0x82, 0xcc, 0x83, 0x65, 0x83, 0x58, 0x83, 0x67];
const EUCJP_NIHON_NO_TESUTO = [0xc6, 0xfc, 0xcb, 0xdc, 0xa4, 0xce, 0xa5, 0xc6, 0xa5, 0xb9, 0xa5, 0xc8];
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];
const page = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)));

/** What the 10 MB route sent before the client hung up. */
let huge = { sent: 0, finished: false, closed: Promise.resolve() };

beforeAll(async () => {
  photoPng = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#3366cc' } }).png().toBuffer();
  const iconPng = await sharp({ create: { width: 16, height: 16, channels: 4, background: '#cc3333' } }).png().toBuffer();

  routes.set('/og', html(`<!doctype html><html><head>
    <title>Plain title</title>
    <meta property="og:title" content="OG のタイトル &amp; more">
    <meta property="og:description" content="  説明文です。\n  二行目  ">
    <meta property="og:site_name" content="Example サイト">
    <meta property="og:image" content="/img/photo.png">
    <link rel="icon" href="/img/icon.png" sizes="16x16">
  </head><body></body></html>`));
  routes.set('/img/photo.png', bytes(photoPng, 'image/png'));
  routes.set('/img/icon.png', bytes(iconPng, 'image/png'));
  routes.set('/plain', html(`<html><head><title>
      Only a   title </title><meta name="description" content="Plain description"></head></html>`));
  routes.set('/untitled', html('<p>nothing here</p>'));
  routes.set('/sjis', bytes(page('<html><head><title>', SJIS_NIHON_NO_TESUTO, '</title></head></html>'), 'text/html; charset=Shift_JIS'));
  routes.set('/sjis-label', bytes(page('<title>', SJIS_NIHON_NO_TESUTO, '</title>'), 'text/html; charset=x-sjis'));
  routes.set(
    '/eucjp',
    bytes(
      page('<html><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-JP"><title>', EUCJP_NIHON_NO_TESUTO, '</title>'),
      'text/html',
    ),
  );
  routes.set('/meta-charset', bytes(page('<!-- a comment --><meta charset="windows-31j"><title>', SJIS_NIHON_NO_TESUTO, '</title>'), 'text/html'));
  routes.set(
    '/wrong-header',
    bytes(page('<meta charset="Shift_JIS"><title>', SJIS_NIHON_NO_TESUTO, '</title>'), 'text/html; charset=UTF-8'),
  );
  routes.set('/script-title', html(`<html><head><title><script>alert(1)</script>Hi <b>there</b></title>
    <meta name="description" content="&lt;img src=x onerror=alert(1)&gt;Safe &amp;lt;b&amp;gt;text&amp;lt;/b&amp;gt; \u202eevil\u0007">
    <meta property="og:site_name" content="<svg onload=alert(1)>Site</svg>"></head></html>`));
  routes.set('/js-image', html(`<head><title>JS image</title><meta property="og:image" content="javascript:alert(1)">
    <meta property="og:image" content="data:image/png;base64,AAAA"><link rel="icon" href="javascript:alert(2)"></head>`));
  routes.set('/js-image-fallback', html(`<head><title>t</title><meta property="og:image" content=" JavaScript:alert(1)">
    <meta name="twitter:image" content="/img/photo.png"></head>`));
  routes.set('/fake-image', html(`<head><title>Fake</title><meta property="og:image" content="/img/fake.png"></head>`));
  routes.set('/img/fake.png', bytes(Buffer.from('<html><script>alert(1)</script></html>'), 'image/png'));
  routes.set('/img/noise.png', bytes(new Uint8Array(4096).map((_, i) => (i * 7919) % 251), 'image/png'));
  routes.set('/img/huge.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(50 * 1024 * 1024) });
    res.write(photoPng.subarray(0, 1024));
    // Never finishes: the client must give up on the declared length alone.
  });
  routes.set('/huge', (_req, res) => {
    const total = 10 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    let done!: () => void;
    huge = { sent: 0, finished: false, closed: new Promise((r) => (done = r)) };
    res.on('close', () => done());
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><head><title>Big page</title></head><body>');
    const pump = () => {
      if (res.destroyed) return;
      if (written >= total) {
        huge.finished = true;
        res.end();
        return;
      }
      written += chunk.length;
      res.write(chunk, (error) => {
        if (!error) huge.sent += chunk.length;
      });
      // Paced, so what the client has not read yet does not pile up in socket buffers.
      setTimeout(pump, 2);
    };
    pump();
  });
  routes.set('/bomb', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.concat([Buffer.from('<title>Bomb</title>'), Buffer.alloc(20 * 1024 * 1024, ' ')])));
  });
  routes.set('/loop-a', redirect('/loop-b'));
  routes.set('/loop-b', redirect(`${'/loop-a'}`, 301));
  for (let i = 0; i < 10; i++) routes.set(`/chain/${i}`, redirect(`/chain/${i + 1}`, 307));
  routes.set('/hop/1', redirect('/hop/2'));
  routes.set('/hop/2', redirect('/og', 308));
  routes.set('/to-js', redirect('javascript:alert(1)'));
  routes.set('/to-file', redirect('file:///etc/passwd'));
  routes.set('/to-ftp', redirect('ftp://example.com/'));
  routes.set('/slow', () => {
    // Never answers.
  });
  routes.set('/drip', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const timer = setInterval(() => res.write('<'), 50);
    res.on('close', () => clearInterval(timer));
  });
  routes.set('/missing', (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<title>Not found</title>');
  });
  routes.set('/pdf', bytes(Buffer.from('%PDF-1.4'), 'application/pdf'));
  routes.set('/svg-icon-page', html('<head><title>S</title><link rel="icon" type="image/svg+xml" href="/img/icon.svg"></head>'));
  routes.set(
    '/img/icon.svg',
    html(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16"><script>alert(1)</script><circle cx="8" cy="8" r="8" fill="#080"/></svg>',
      'image/svg+xml',
    ),
  );
  routes.set(
    '/o/r/abc123/src/app.ts',
    html(['line one', 'line two', '\tline three\u001b[31m', 'line four', ''].join('\n'), 'text/plain; charset=utf-8'),
  );

  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) return handler(req, res);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'link-cards-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The reason a fetch failed with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchFailure);
    return (e as FetchFailure).reason;
  }
  throw new Error('the fetch did not fail');
}

const metaOf = async (path: string) => {
  const fetched = await fetchPage(`${origin}${path}`, allow);
  return pageMetaFromBytes(fetched.body, fetched.contentType, fetched.url);
};
const NO_TAGS = /<\/?[a-z!?]/iu;

describe('reading pages', () => {
  it('takes Open Graph tags first, saves the image downscaled and the icon at 64px', async () => {
    const card = await fetchCard(`${origin}/og`, { publicDir: dir, fetch: allow });
    expect(card).toMatchObject({
      url: `${origin}/og`,
      title: 'OG のタイトル & more',
      description: '説明文です。 二行目',
      siteName: 'Example サイト',
    });
    expect(card.image).toMatchObject({ width: 640, height: 336 });
    expect(card.image!.src).toMatch(/^link-cards\/[0-9a-f]{16}\.webp$/u);
    const image = await sharp(join(dir, card.image!.src)).metadata();
    expect([image.format, image.width, image.height]).toEqual(['webp', 640, 336]);
    expect(card.icon).toMatch(/^link-cards\/[0-9a-f]{16}\.png$/u);
    const icon = await sharp(join(dir, card.icon!)).metadata();
    expect([icon.format, icon.width, icon.height]).toEqual(['png', 64, 64]);
  });

  it('falls back to <title> and the description meta; a page with no title is named by its host', async () => {
    expect(await metaOf('/plain')).toMatchObject({ title: 'Only a title', description: 'Plain description', siteName: '' });
    const card = await fetchCard(`${origin}/untitled`, { publicDir: dir, fetch: allow });
    expect(card).toMatchObject({ title: '127.0.0.1', description: '', image: null, icon: null });
  });

  it('follows redirects (within five) and records the final URL', async () => {
    const card = await fetchCard(`${origin}/hop/1`, { publicDir: dir, fetch: allow });
    expect(card.url).toBe(`${origin}/og`);
    expect(card.title).toBe('OG のタイトル & more');
  });

  it('reads Shift_JIS from the header, with its other labels too', async () => {
    expect((await metaOf('/sjis')).title).toBe('日本のテスト');
    expect((await metaOf('/sjis-label')).title).toBe('日本のテスト');
  });

  it('reads EUC-JP from <meta http-equiv>, and a <meta charset> alone', async () => {
    expect((await metaOf('/eucjp')).title).toBe('日本のテスト');
    expect((await metaOf('/meta-charset')).title).toBe('日本のテスト');
  });

  it('believes the page over a header that says UTF-8 for bytes that are not', async () => {
    expect((await metaOf('/wrong-header')).title).toBe('日本のテスト');
  });

  it('decodes by BOM, and copes with a page cut in the middle of a character', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('<title>é</title>')]);
    expect(decodePage(bom, 'text/html; charset=shift_jis').encoding).toBe('utf-8');
    const cut = page('<meta charset="shift_jis"><title>', SJIS_NIHON_NO_TESUTO.slice(0, 3));
    expect(extractPageMeta(decodePage(cut, '').text, 'https://example.com/').title).toBe('日');
  });
});

describe('hostile pages', () => {
  it('keeps script and markup in titles and descriptions as text: no tag survives', async () => {
    const meta = await metaOf('/script-title');
    expect(meta.title).toBe('alert(1) Hi there');
    expect(meta.description).toBe('Safe text evil');
    expect(meta.siteName).toBe('Site');
    for (const text of [meta.title, meta.description, meta.siteName]) expect(text).not.toMatch(NO_TAGS);
  });

  it('strips tags but keeps generics, drops control and direction characters, caps lengths', () => {
    expect(plainText('Rust の Vec<T> と Option<String>', 200)).toBe('Rust の Vec<T> と Option<String>');
    expect(plainText('a<script src=x>b</script>c<!-- x -->d<img', 200)).toBe('a b cd');
    expect(plainText('x\u202Egnp.exe\u0000\u001b[2J y', 200)).toBe('xgnp.exe[2J y');
    const long = plainText('😀'.repeat(300), 200);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('😀…')).toBe(true);
    // A megabyte of nested quotes and tags comes back quickly.
    const started = Date.now();
    plainText(`<a "${'<a '.repeat(300_000)}`, 300);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('ignores javascript: and data: images and icons', async () => {
    const card = await fetchCard(`${origin}/js-image`, { publicDir: dir, fetch: allow });
    expect(card.image).toBeNull();
    const meta = await metaOf('/js-image');
    expect(meta.imageUrls).toEqual([]);
    expect(meta.iconUrls).toEqual([`${origin}/favicon.ico`]);
    expect((await metaOf('/js-image-fallback')).imageUrls).toEqual([`${origin}/img/photo.png`]);
  });

  it('stops reading a 10 MB page at the cap and hangs up', async () => {
    const fetched = await fetchPage(`${origin}/huge`, allow);
    expect(fetched.truncated).toBe(true);
    expect(fetched.body.length).toBe(MAX_PAGE_BYTES);
    expect(pageMetaFromBytes(fetched.body, fetched.contentType, fetched.url).title).toBe('Big page');
    await huge.closed;
    expect(huge.finished).toBe(false);
    expect(huge.sent).toBeLessThan(3 * 1024 * 1024);
  });

  it('stops inflating a gzip bomb at the cap', async () => {
    const fetched = await fetchPage(`${origin}/bomb`, allow);
    expect(fetched.truncated).toBe(true);
    expect(fetched.body.length).toBe(MAX_PAGE_BYTES);
  });

  it('refuses an image whose declared length is over the cap without reading it', async () => {
    expect(await failure(fetchImage(`${origin}/img/huge.png`, allow))).toBe('too large');
  });

  it('gives up on redirect loops, long chains and non-http schemes', async () => {
    expect(await failure(fetchPage(`${origin}/loop-a`, allow))).toBe('redirect loop');
    expect(await failure(fetchPage(`${origin}/chain/0`, allow))).toBe('too many redirects');
    expect(hits.get('/chain/6')).toBeUndefined();
    for (const path of ['/to-js', '/to-file', '/to-ftp']) {
      expect(await failure(fetchPage(`${origin}${path}`, allow))).toBe('redirect to a non-http URL');
    }
    expect(await failure(fetchPage('javascript:alert(1)', allow))).toBe('not an http(s) URL');
  });

  it('times out on a server that never answers, and on one that never finishes', async () => {
    for (const path of ['/slow', '/drip']) {
      const started = Date.now();
      expect(await failure(fetchPage(`${origin}${path}`, { ...allow, timeoutMs: 300 }))).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('fails on HTTP errors and on pages that are not HTML', async () => {
    expect(await failure(fetchPage(`${origin}/missing`, allow))).toBe('HTTP 404');
    expect(await failure(fetchPage(`${origin}/pdf`, allow))).toBe('not HTML');
  });

  it('does not save an image that is not really one', async () => {
    const card = await fetchCard(`${origin}/fake-image`, { publicDir: dir, fetch: allow });
    expect(card.image).toBeNull();
    await expect(saveCardImage(Buffer.from('<svg onload=alert(1)'), dir)).rejects.toBeInstanceOf(ImageRejected);
    const noise = await fetchImage(`${origin}/img/noise.png`, allow);
    await expect(saveCardImage(noise.body, dir)).rejects.toThrow('not an image');
    expect(existsSync(join(dir, 'link-cards'))).toBe(false);
  });

  it('draws an SVG icon to a PNG and never saves the SVG', async () => {
    const card = await fetchCard(`${origin}/svg-icon-page`, { publicDir: dir, fetch: allow });
    expect(card.icon).toMatch(/\.png$/u);
    const files = readdirSync(join(dir, 'link-cards'));
    expect(files.every((f) => f.endsWith('.png'))).toBe(true);
    expect(readFileSync(join(dir, card.icon!)).includes('<svg')).toBe(false);
  });

  it('reads favicon.ico bitmaps that sharp cannot', async () => {
    // A 2×2 32-bit icon: BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit mask rows.
    const dib = Buffer.alloc(40 + 16 + 8);
    dib.writeUInt32LE(40, 0);
    dib.writeInt32LE(2, 4);
    dib.writeInt32LE(4, 8);
    dib.writeUInt16LE(1, 12);
    dib.writeUInt16LE(32, 14);
    for (let i = 0; i < 4; i++) Buffer.from([0, 0, 255, 255]).copy(dib, 40 + i * 4);
    const ico = Buffer.alloc(6 + 16);
    ico.writeUInt16LE(1, 2);
    ico.writeUInt16LE(1, 4);
    ico[6] = 2;
    ico[7] = 2;
    ico.writeUInt32LE(dib.length, 6 + 8);
    ico.writeUInt32LE(22, 6 + 12);
    const src = await saveCardIcon(Buffer.concat([ico, dib]), dir);
    const { data, info } = await sharp(join(dir, src)).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([64, 64]);
    expect([...data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
    // A directory that points past the end is refused, not read.
    ico.writeUInt32LE(10_000, 6 + 12);
    await expect(saveCardIcon(Buffer.concat([ico, dib]), dir)).rejects.toBeInstanceOf(ImageRejected);
  });
});

describe('private addresses', () => {
  it('refuses loopback without the allow option, before any request', async () => {
    const before = hits.get('/og') ?? 0;
    const saved = process.env['LINK_CARDS_ALLOW_PRIVATE'];
    delete process.env['LINK_CARDS_ALLOW_PRIVATE'];
    try {
      expect(await failure(fetchPage(`${origin}/og`))).toBe('private address');
      const port = new URL(origin).port;
      // By name too: the address is checked where the connection is made.
      expect(await failure(fetchPage(`http://localhost:${port}/og`))).toBe('private address');
      expect(await failure(fetchPage(`http://[::1]:${port}/og`))).toBe('private address');
      // Other spellings of the same address.
      expect(await failure(fetchPage(`http://0x7f.1:${port}/og`))).toBe('private address');
      expect(await failure(fetchPage(`http://[::ffff:127.0.0.1]:${port}/og`))).toBe('private address');
    } finally {
      if (saved !== undefined) process.env['LINK_CARDS_ALLOW_PRIVATE'] = saved;
    }
    expect(hits.get('/og') ?? 0).toBe(before);
  });

  it('knows the private, reserved and embedded ranges', () => {
    for (const ip of ['10.1.2.3', '172.31.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
      '::1', '::', 'fe80::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:c0a8:101::1', 'fe80::1%eth0', 'not-an-ip', '::7f00:1', '::127.0.0.1', '::ffff:0:7f00:1']) {
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '64:ff9b::808:808', '2002:808:808::1']) {
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
    }
  });
});

describe('GitHub code', () => {
  it('reads permalinks to lines and nothing else', () => {
    expect(parseGitHubPermalink('https://github.com/o/r/blob/abc123/src/app.ts#L2-L3')).toMatchObject({
      owner: 'o', repo: 'r', ref: 'abc123', path: 'src/app.ts', startLine: 2, endLine: 3,
    });
    expect(parseGitHubPermalink('https://github.com/o/r/blob/abc123/src/app.ts#L7')).toMatchObject({ startLine: 7, endLine: 7 });
    expect(parseGitHubPermalink('https://github.com/o/r/blob/abc123/src/app.ts')).toBeUndefined();
    expect(parseGitHubPermalink('https://github.com/o/r/blob/abc123/../../x#L1')).toBeUndefined();
    expect(parseGitHubPermalink('https://gitlab.com/o/r/blob/abc123/a.ts#L1')).toBeUndefined();
    expect([languageOfPath('src/app.ts'), languageOfPath('Dockerfile'), languageOfPath('a/b.yml'), languageOfPath('LICENSE')]).toEqual(
      ['ts', 'dockerfile', 'yaml', 'text'],
    );
  });

  it('fetches the lines from the raw file, without control characters', async () => {
    const code = await fetchGitHubCode('https://github.com/o/r/blob/abc123/src/app.ts#L2-L9', { ...allow, rawBase: origin });
    expect(code).toEqual({
      repo: 'o/r', path: 'src/app.ts', ref: 'abc123', startLine: 2, endLine: 4, lang: 'ts',
      code: 'line two\n\tline three[31m\nline four',
    });
    expect(await failure(fetchGitHubCode('https://github.com/o/r/blob/abc123/src/app.ts#L50', { ...allow, rawBase: origin }))).toMatch(
      /past the end/u,
    );
    expect(await failure(fetchGitHubCode('https://github.com/o/r/blob/abc123/nope.ts#L1', { ...allow, rawBase: origin }))).toBe('HTTP 404');
  });
});

describe('the store', () => {
  const NOW = new Date('2024-03-01T16:00:00Z'); // already 2024-03-02 in Tokyo

  function site(root: string, posts: Record<string, string>) {
    mkdirSync(join(root, 'src', 'content', 'posts'), { recursive: true });
    for (const [name, text] of Object.entries(posts)) {
      mkdirSync(join(root, 'src', 'content', 'posts', name, '..'), { recursive: true });
      writeFileSync(join(root, 'src', 'content', 'posts', name), text);
    }
  }
  const run = async (root: string, extra: Partial<Parameters<typeof updateStore>[0]> = {}) => {
    const lines: string[] = [];
    const result = await updateStore({
      root, timeZone: 'Asia/Tokyo', findUrls: findLines, now: NOW, fetch: { ...allow, rawBase: origin },
      log: (l) => lines.push(l), ...extra,
    });
    return { result, lines };
  };

  it('strips frontmatter and reads posts in folders', () => {
    expect(stripFrontmatter(`---\ntitle: x\nsource:\n  https://example.com/\n---\nhttps://a.example/\n`)).toBe('https://a.example/\n');
    expect(stripFrontmatter(`+++\ntitle = "x"\n+++\nbody`)).toBe('body');
    site(dir, { 'a.md': '---\nurl:\nhttps://in-frontmatter.example/\n---\nhttps://b.example/\n', '2024/c.md': 'https://c.example/\n', 'img.png': 'x' });
    expect(collectPostUrls(join(dir, 'src', 'content', 'posts'), findLines).cards).toEqual(['https://c.example/', 'https://b.example/']);
  });

  it('records failures, does not refetch, retries only when asked, writes the same bytes twice', async () => {
    const og = `${origin}/og`;
    const missing = `${origin}/missing`;
    const permalink = 'https://github.com/o/r/blob/abc123/src/app.ts#L1-L2';
    site(dir, { 'post.md': `---\ntitle: t\n---\n\n${og}\n\n${missing}\n\n${permalink}\n` });

    const first = await run(dir);
    expect(first.result).toMatchObject({ cards: 1, code: 1, failed: 1, kept: 0, changed: true });
    expect(first.lines).toContain(`card  ${og}  OG のタイトル & more`);
    expect(first.lines).toContain(`failed ${missing} HTTP 404`);
    const file = join(dir, LINK_CARD_STORE);
    const text = readFileSync(file, 'utf8');
    const { store, problems } = readStore(file);
    expect(problems).toEqual([]);
    expect(store.failed[missing]).toEqual({ reason: 'HTTP 404', tried: '2024-03-02' });
    expect(store.cards[og]!.fetched).toBe('2024-03-02');
    expect(store.code[permalink]!.code).toBe('line one\nline two');
    expect(text).toBe(serializeStore(store));
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['cards', 'code', 'failed', 'version']);
    expect(Object.keys(JSON.parse(text).cards[og])).toEqual([...Object.keys(JSON.parse(text).cards[og])].sort());

    const hitsBefore = [hits.get('/og'), hits.get('/missing')];
    const second = await run(dir, { now: new Date('2025-01-01T00:00:00Z') });
    expect(second.result).toMatchObject({ cards: 0, code: 0, failed: 0, kept: 3, changed: false });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect([hits.get('/og'), hits.get('/missing')]).toEqual(hitsBefore);

    const retried = await run(dir, { retryFailed: true });
    expect(retried.result.failed).toBe(1);
    expect(hits.get('/missing')).toBe(hitsBefore[1]! + 1);
    expect(hits.get('/og')).toBe(hitsBefore[0]);

    // Another copy of the same site fetched from scratch writes the same bytes and the same images.
    const other = mkdtempSync(join(tmpdir(), 'link-cards-'));
    try {
      site(other, { 'post.md': `---\ntitle: t\n---\n\n${og}\n\n${missing}\n\n${permalink}\n` });
      await run(other, { concurrency: 1 });
      expect(readFileSync(join(other, LINK_CARD_STORE), 'utf8')).toBe(text);
      expect(readdirSync(join(other, 'public', 'link-cards')).sort()).toEqual(readdirSync(join(dir, 'public', 'link-cards')).sort());
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refreshes one URL when asked, keeps an old card when the refresh fails, prunes when asked', async () => {
    const og = `${origin}/og`;
    const plain = `${origin}/plain`;
    site(dir, { 'post.md': `${og}\n\n${plain}\n` });
    await run(dir);
    const ogHits = hits.get('/og');
    const refreshed = await run(dir, { refresh: [og], now: new Date('2025-01-01T00:00:00Z') });
    expect(refreshed.result.cards).toBe(1);
    expect(hits.get('/og')).toBe(ogHits! + 1);
    const store = parseStore(readFileSync(join(dir, LINK_CARD_STORE), 'utf8'), LINK_CARD_STORE);
    expect(store.cards[og]!.fetched).toBe('2025-01-01');
    expect(store.cards[plain]!.fetched).toBe('2024-03-02');

    writeFileSync(join(dir, 'src', 'content', 'posts', 'post.md'), `${plain}\n`);
    const kept = await run(dir);
    expect(Object.keys(parseStore(readFileSync(join(dir, LINK_CARD_STORE), 'utf8'), LINK_CARD_STORE).cards)).toHaveLength(2);
    expect(kept.result.pruned).toBe(0);
    const pruned = await run(dir, { prune: true });
    expect(pruned.result.pruned).toBe(1);
    const after = parseStore(readFileSync(join(dir, LINK_CARD_STORE), 'utf8'), LINK_CARD_STORE);
    expect(Object.keys(after.cards)).toEqual([plain]);
    // The og card's image and icon went with it; nothing else uses them.
    expect(existsSync(join(dir, 'public', 'link-cards')) ? readdirSync(join(dir, 'public', 'link-cards')) : []).toEqual([]);
  });

  it('keeps a refreshed card whose page now fails', async () => {
    const url = `${origin}/flaky`;
    routes.set('/flaky', routes.get('/plain')!);
    site(dir, { 'post.md': `${url}\n` });
    await run(dir);
    routes.set('/flaky', routes.get('/missing')!);
    const { result, lines } = await run(dir, { refresh: [url] });
    expect(result.failed).toBe(1);
    expect(lines).toContain(`failed ${url} HTTP 404 (kept the entry it had)`);
    const store = parseStore(readFileSync(join(dir, LINK_CARD_STORE), 'utf8'), LINK_CARD_STORE);
    expect(store.cards[url]!.title).toBe('Only a title');
    expect(store.failed[url]).toBeUndefined();
  });

  it('leaves a store it cannot read alone', async () => {
    site(dir, { 'post.md': `${origin}/og\n` });
    writeFileSync(join(dir, LINK_CARD_STORE), '{ not json');
    await expect(run(dir)).rejects.toThrow(/link-cards\.json/u);
    expect(readFileSync(join(dir, LINK_CARD_STORE), 'utf8')).toBe('{ not json');
  });
});

const findUrlsFile = join(projectRoot, 'src', 'markdown', 'find-card-urls.ts');

describe('npm run cards', () => {
  /** Runs the script without blocking this process, which serves the pages it fetches. */
  const cards = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'cards.ts'), ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it.skipIf(!existsSync(findUrlsFile))('prints a line per URL and the totals, and exits 0 when pages fail', async () => {
    mkdirSync(join(dir, 'src', 'content', 'posts'), { recursive: true });
    writeFileSync(join(dir, 'src', 'content', 'posts', 'p.md'), `---\ntitle: t\n---\n\n${origin}/plain\n\n${origin}/missing\n`);
    const r = await cards(['--root', dir], { ...process.env, LINK_CARDS_ALLOW_PRIVATE: '1' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`card  ${origin}/plain  Only a title\n`);
    expect(r.stdout).toContain(`failed ${origin}/missing HTTP 404\n`);
    expect(r.stdout).toMatch(/1 card, 0 code, 1 failed, 0 already in the store; src\/content\/link-cards\.json written\n$/u);
    expect((await cards(['--nope'])).status).toBe(2);
    // Without the allow variable the same post's loopback URLs are refused.
    rmSync(join(dir, 'src', 'content', 'link-cards.json'));
    const env = { ...process.env };
    delete env['LINK_CARDS_ALLOW_PRIVATE'];
    const refused = await cards(['--root', dir], env);
    expect(refused.stdout).toContain(`failed ${origin}/plain private address\n`);
  });
});

describe('page meta details', () => {
  it('ranks icons (64px and up, then SVG, then unknown, then small) and honours <base href>', () => {
    const meta = extractPageMeta(
      `<head><base href="https://cdn.example.com/assets/">
      <link rel="icon" href="16.png" sizes="16x16"><link rel="icon" href="a.svg" type="image/svg+xml">
      <link rel="shortcut icon" href="x.ico"><link rel="icon" href="192.png" sizes="192x192">
      <link rel="icon" href="96.png" sizes="96x96"><link rel="mask-icon" href="mask.svg">
      <meta property="og:image" content="og.png"><meta property="og:image" content="https://other.example/b.png"></head>`,
      'https://example.com/post/1',
    );
    expect(meta.iconUrls).toEqual([
      'https://cdn.example.com/assets/96.png',
      'https://cdn.example.com/assets/192.png',
      'https://cdn.example.com/assets/a.svg',
      'https://cdn.example.com/assets/x.ico',
      'https://cdn.example.com/assets/16.png',
      'https://example.com/favicon.ico',
    ]);
    expect(meta.imageUrls).toEqual(['https://cdn.example.com/assets/og.png', 'https://other.example/b.png']);
  });

  it('survives very deep nesting and ignores an SVG <title>', () => {
    const deep = `<svg><title>not this</title></svg>${'<div>'.repeat(100_000)}<title>Deep</title>`;
    expect(extractPageMeta(deep, 'https://example.com/').title).toBe('Deep');
  });
});
