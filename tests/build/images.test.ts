/**
 * Post images and task lists in a real build: `sizes` only beside a srcset, every image after a post's
 * first loads lazily, images in `public/` and remote images with a recorded size (npm run cards) get
 * their width and height, and task-list checkboxes have an accessible name. The posts are written
 * here, not in a fixture folder: the browser tests serve the fixtures, and must not load remote images.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteProblems } from '../helpers/validity.ts';
import { makeSite, projectRoot, type Site } from '../helpers/site.ts';

const ORIGIN = 'https://blog.example.com';
const REMOTE = 'https://images.example.com';
let site: Site;

const IMAGES_POST = `---
title: 画像の多い記事
date: 2024-02-01
published: true
---
![冒頭の写真](${REMOTE}/first.jpg)

本文。<img src="${REMOTE}/inline.png" alt="文中の画像">

![記録された大きさの写真](${REMOTE}/recorded.jpg)

![公開フォルダの画像](/images/wide.png)

<p><img src="/images/wide.png" alt="幅だけ指定" width="200"><img src="${REMOTE}/author.png" alt="作者が指定" loading="eager"></p>

![記事の横の画像](./pic.png)

![幅指定の画像](${REMOTE}/recorded.jpg =300x)

![ない画像](./no-such.png)
`;

const TASKS_POST = `---
title: やることリスト
date: 2024-02-02
published: true
---
- [x] 記事を書く
- [ ] **画像**を入れる
  - [ ] 入れ子のタスク
- [ ] <b>HTML</b>で始まるタスク
`;

beforeAll(async () => {
  site = makeSite({
    posts: { 'images.md': IMAGES_POST, 'tasks.md': TASKS_POST, 'pic.png': readFileSync(join(projectRoot, 'tests/fixtures/reader/pic.png')) },
    settings: { url: ORIGIN },
  });
  mkdirSync(join(site.dir, 'public', 'images'), { recursive: true });
  writeFileSync(join(site.dir, 'public', 'images', 'wide.png'), await sharp({ create: { width: 800, height: 400, channels: 3, background: '#3366cc' } }).png().toBuffer());
  // What `npm run cards` records for the remote image it could fetch.
  writeFileSync(
    join(site.dir, 'src', 'content', 'link-cards.json'),
    JSON.stringify({ version: 1, images: { [`${REMOTE}/recorded.jpg`]: { width: 1200, height: 900, fetched: '2024-02-01' } } }),
  );
  const build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(`build failed:\n${build.output}`);
});
afterAll(() => site?.remove());

type Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; parentNode?: Node; value?: string };
const attrs = (n: Node) => Object.fromEntries((n.attrs ?? []).map((a) => [a.name, a.value]));
function all(node: Node, test: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (test(node)) out.push(node);
  for (const child of node.childNodes ?? []) all(child, test, out);
  return out;
}
const text = (node: Node): string => (node.nodeName === '#text' ? node.value ?? '' : (node.childNodes ?? []).map(text).join(''));
/** The post's body (its `.prose` element) as parsed by a browser's parser. */
function body(id: string): Node {
  const document = parse(site.read(`posts/${id}/index.html`)) as unknown as Node;
  return all(document, (n) => n.tagName === 'div' && attrs(n)['class']?.split(' ').includes('prose') === true)[0]!;
}
const images = () => all(body('images'), (n) => n.tagName === 'img').map(attrs);
const byAlt = (alt: string) => images().find((a) => a['alt'] === alt)!;

describe('post images', () => {
  it('has sizes only where it has a srcset', () => {
    const imgs = images();
    expect(imgs).toHaveLength(9);
    for (const img of imgs) expect('sizes' in img, img['src']).toBe('srcset' in img);
    expect(byAlt('記事の横の画像')['srcset']).toBeDefined();
  });

  it('loads the first image at once and every later one lazily, decoded off the main thread', () => {
    const [first, ...rest] = images();
    expect(first).toMatchObject({ alt: '冒頭の写真', loading: 'eager', fetchpriority: 'high' });
    for (const img of rest) {
      if (img['alt'] === '作者が指定') {
        expect(img['loading']).toBe('eager'); // the author's choice stands
        continue;
      }
      expect(img, img['src']).toMatchObject({ loading: 'lazy', decoding: 'async' });
    }
  });

  it('gives images in public/ and remote images with a recorded size their width and height, and leaves their address', () => {
    expect(byAlt('公開フォルダの画像')).toMatchObject({ src: '/images/wide.png', width: '800', height: '400' });
    expect(byAlt('幅だけ指定')).toMatchObject({ src: '/images/wide.png', width: '200', height: '100' });
    expect(byAlt('記録された大きさの写真')).toMatchObject({ src: `${REMOTE}/recorded.jpg`, width: '1200', height: '900' });
    expect(byAlt('幅指定の画像')).toMatchObject({ src: `${REMOTE}/recorded.jpg`, width: '300', height: '225' });
    // Nothing recorded: no size rather than a wrong one.
    expect(byAlt('文中の画像')).not.toHaveProperty('width');
    expect(byAlt('ない画像')).toMatchObject({ src: './no-such.png' });
  });
});

describe('task lists', () => {
  it('gives every checkbox its item text as accessible name, and keeps it disabled', () => {
    const boxes = all(body('tasks'), (n) => n.tagName === 'input');
    expect(boxes).toHaveLength(4);
    const names = boxes.map((box) => {
      expect(attrs(box)).toHaveProperty('disabled');
      const label = box.parentNode?.tagName === 'label' ? box.parentNode : undefined;
      return (attrs(box)['aria-label'] ?? (label ? text(label) : '')).trim();
    });
    expect(names).toEqual(['記事を書く', '画像を入れる', '入れ子のタスク', 'HTMLで始まるタスク']);
  });
});

describe('validity', () => {
  it('has valid HTML on every page, working links and fragments, valid feeds and sitemap', async () => {
    // The missing image is missing on purpose: the post shows it as written, and the check says so.
    expect(await siteProblems(site.dist, ORIGIN)).toEqual(['posts/images/index.html: <img> "./no-such.png" points to no file']);
  });
});
