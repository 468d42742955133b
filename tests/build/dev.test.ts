/**
 * The author's loop in `astro dev`: a post saved with bad frontmatter shows its file and field in the
 * browser and the terminal, the server keeps running, and the fixed post comes back on the next
 * reload; new posts show in lists and tag pages. Starts its own dev server on a free port, in a
 * temporary copy of the site, and stops it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, post, type Site } from '../helpers/site.ts';

let site: Site;
let dev: Awaited<ReturnType<Site['dev']>>;
/**
 * Saves a post, half a second after the previous save: the file watcher merges writes that come within
 * about 100 ms of each other into one event (no editor saves that fast).
 */
let lastSave = 0;
async function write(path: string, text: string) {
  await new Promise((r) => setTimeout(r, Math.max(0, lastSave + 500 - Date.now())));
  writeFileSync(join(site.dir, 'src/content/posts', path), text);
  lastSave = Date.now();
}

/**
 * Saves a post in place, as many editors do: the file is emptied, then written. `pauseMs` between the
 * two stands for a slow disk or a loaded machine, where the dev server sees the empty file; a pause
 * under 50 ms is also one in which the file watcher drops the second change event.
 */
async function saveInPlace(path: string, text: string, pauseMs: number) {
  await new Promise((r) => setTimeout(r, Math.max(0, lastSave + 500 - Date.now())));
  const file = await open(join(site.dir, 'src/content/posts', path), 'r+');
  try {
    await file.truncate(0);
    await new Promise((r) => setTimeout(r, pauseMs));
    await file.write(text, 0);
  } finally {
    await file.close();
  }
  lastSave = Date.now();
}

/** Polls `path` until `check` passes on its status and body (the dev server picks up saves quickly). */
async function until(path: string, check: (status: number, body: string) => boolean, seconds = 15) {
  const deadline = Date.now() + seconds * 1000;
  let last = { status: 0, body: '' };
  while (Date.now() < deadline) {
    const res = await fetch(`${dev.url}${path}`);
    // Titles carry <wbr> between Japanese phrases (with source attributes in dev); compare the text.
    last = { status: res.status, body: (await res.text()).replace(/<wbr[^>]*>/gu, '') };
    if (check(last.status, last.body)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  const shown = last.body.includes('<ul>') ? last.body.slice(last.body.indexOf('<ul>')) : last.body;
  throw new Error(`${path} never passed; last status ${last.status}: ${shown.slice(0, 800)}`);
}

beforeAll(async () => {
  site = makeSite({
    posts: {
      'good.md': post('title: 元の記事\ndate: 2022-01-01\npublished: true\ntags: [日記]', '本文。'),
      // Bad from the start: the server must come up anyway.
      'broken.md': post('title: 壊れた記事\ndate: 2022-13-45\npublished: true'),
    },
  });
  dev = await site.dev();
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  site?.remove();
});

describe('astro dev', () => {
  it('starts with a bad post, and shows it in the browser with the file and the field', async () => {
    const page = await until('/', (status) => status >= 500);
    expect(page.body).toContain('src/content/posts/broken.md');
    expect(page.body).toContain('date: "2022-13-45" is not a real calendar date');
    expect(page.body).toContain('<h1>記事にエラーがあります</h1>');
    expect(dev.output()).toMatch(/broken\.md:[^\n]*\n\s*date: "2022-13-45" is not a real calendar date/);
  });

  it('brings the page back once the post is fixed, without a restart', async () => {
    await write('broken.md', post('title: 直した記事\ndate: 2022-02-01\npublished: true\ntags: [日記]'));
    const home = await until('/', (status, body) => status === 200 && body.includes('直した記事'));
    expect(home.body).toContain('元の記事');
    await until('/posts/broken/', (status, body) => status === 200 && body.includes('直した記事'));
  });

  it('shows a post broken while the server runs, then recovers', async () => {
    await write('good.md', post('title: 元の記事\ndate: 2022-01-01\npublished: "yes"'));
    const page = await until('/posts/broken/', (status) => status >= 500);
    expect(page.body).toContain('src/content/posts/good.md');
    expect(page.body).toContain('published must be true or false');
    await write('good.md', post('title: [broken yaml\ndate: 2022-01-01\npublished: true'));
    const yaml = await until('/', (status, body) => status >= 500 && !body.includes('published must be'));
    expect(yaml.body).toContain('src/content/posts/good.md');
    await write('good.md', post('title: 元に戻した記事\ndate: 2022-01-01\npublished: true\ntags: [日記]'));
    await until('/', (status, body) => status === 200 && body.includes('元に戻した記事'));
  });

  it('shows a file that is not a post, until it is removed', async () => {
    await write('notes.txt', 'メモ');
    const page = await until('/', (status) => status >= 500);
    expect(page.body).toContain('src/content/posts/notes.txt: not a post');
    rmSync(join(site.dir, 'src/content/posts/notes.txt'));
    await until('/', (status) => status === 200);
  });

  it('shows a new post in the list, its tag page and its own page on the next reload', async () => {
    await write('new.md', post('title: 新しい下書き\ndate: 2023-01-01\npublished: false\ntags: [日記]', '書きかけ。'));
    const home = await until('/', (status, body) => status === 200 && body.includes('新しい下書き'));
    expect(home.body).toMatch(/<span class="badge"[^>]*>下書き<\/span>/);
    await until(`/tags/${encodeURIComponent('日記')}/`, (status, body) => status === 200 && body.includes('新しい下書き'));
    await until('/posts/new/', (status, body) => status === 200 && body.includes('書きかけ。'));
  });

  it('shows a link card once src/content/link-cards.json has it (as npm run cards writes it)', async () => {
    await write('card.md', post('title: カードの記事\ndate: 2023-02-01\npublished: true', 'https://example.com/card-test'));
    const before = await until('/posts/card/', (status, body) => status === 200 && body.includes('link-card-plain'));
    expect(before.body).not.toContain('カードのタイトル');
    const card = { url: 'https://example.com/card-test', title: 'カードのタイトル', description: '', siteName: '', icon: null, image: null, fetched: '2023-02-01' };
    writeFileSync(join(site.dir, 'src/content/link-cards.json'), `${JSON.stringify({ version: 1, cards: { [card.url]: card }, code: {}, failed: {} }, null, 2)}\n`);
    await until('/posts/card/', (status, body) => status === 200 && body.includes('カードのタイトル'), 30);
  });

  it('shows every in-place save (emptied, then written), never the empty file’s problems', async () => {
    const saved = (n: number) => post(`title: 保存${n}回目\ndate: 2023-03-01\npublished: true`, `本文${n}。`);
    // Every page shows a bad post's problem: the post the first test broke must be fixed (it is, after the tests above).
    await write('broken.md', post('title: 直した記事\ndate: 2022-02-01\npublished: true\ntags: [日記]'));
    await write('in-place.md', saved(0));
    await until('/posts/in-place/', (status, body) => status === 200 && body.includes('保存0回目'));
    const before = dev.output().length;
    // 10 and 30 ms fall inside the window in which the watcher drops a second change; 80 ms outside it.
    const pauses = [10, 30, 80, 10, 30, 80];
    for (const [i, pause] of pauses.entries()) {
      await saveInPlace('in-place.md', saved(i + 1), pause);
      await until('/posts/in-place/', (status, body) => status === 200 && body.includes(`保存${i + 1}回目`) && body.includes(`本文${i + 1}。`), 5);
    }
    // The empty file was never taken for the post: no "title is required" for it in the terminal.
    expect(dev.output().slice(before)).not.toMatch(/in-place\.md:[^\n]*\n\s*title is required/);
  });
});
