/**
 * The build's share-image drawing (src/share-images/share-images-integration.ts) driven through its hooks, with the
 * real worker thread: images handed over by the og.png route land in the output folder, the same image
 * handed over twice is drawn once, a cached image changed since it was drawn is drawn again, and a
 * failure fails the build with the file named. And the cache itself (src/share-images/cache.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { shareImagesInBuild } from '../../src/share-images/share-images-integration.ts';
import { receiverOf } from '../../src/build-speed/build-hand-off.ts';
import { projectFolder } from '../../src/project/project-folder.ts';
import { cachedShareImage } from '../../src/share-images/cache.ts';
import { renderShareImage } from '../../src/share-images/draw.ts';
import { SHARE_IMAGES, shareImageCacheDir, type ShareImageJob } from '../../src/share-images/response.ts';
import { siteShareImageTheme } from '../../src/share-images/site-theme.ts';
import { loadShareImageTheme } from '../../src/share-images/theme.ts';
import { DEFAULT_SHARE_IMAGE } from '../helpers/share-image-settings.ts';

type Hook = (options: unknown) => unknown;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function build(outDir: string) {
  const { hooks } = shareImagesInBuild();
  const messages: string[] = [];
  const logger = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(`warn: ${m}`) };
  (hooks['astro:config:done'] as Hook)({ config: { outDir: pathToFileURL(`${outDir}/`) } });
  (hooks['astro:build:start'] as Hook)({});
  return {
    handOver: (jobs: ShareImageJob[]) => receiverOf<ShareImageJob[]>(SHARE_IMAGES)!(jobs),
    done: async () => {
      await (hooks['astro:build:done'] as Hook)({ logger });
      return messages;
    },
  };
}

const job = (path: string): ShareImageJob => ({ path, content: { title: `題 ${path}`, date: '2022年2月23日', tags: ['a'], siteTitle: 'ノート' } });

describe('share images in a build', () => {
  it('are drawn into the output folder, each once however often handed over', async () => {
    const out = mkdtempSync(join(tmpdir(), 'share-images-'));
    dirs.push(out);
    const b = build(out);
    b.handOver([job('posts/a/og.png'), job('posts/日本語/og.png')]);
    b.handOver([job('posts/a/og.png')]);
    expect(await b.done()).toEqual(['drew 2 share images']);
    for (const path of ['posts/a/og.png', 'posts/日本語/og.png']) expect(readFileSync(join(out, path)).subarray(1, 4).toString()).toBe('PNG');
    // The built image is the cached one, linked (src/build-speed/link-files.ts), not a second copy.
    const cached = await cachedShareImage(job('posts/a/og.png').content, siteShareImageTheme(), shareImageCacheDir());
    expect(statSync(join(out, 'posts/a/og.png')).ino).toBe(statSync(cached.file).ino);
    expect(receiverOf(SHARE_IMAGES)).toBeUndefined(); // nothing receives after the build
  });

  it('replace an image a kept dist/ still has (`emptyOutDir: false`) without writing into it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'share-images-'));
    dirs.push(out);
    mkdirSync(join(out, 'posts/a'), { recursive: true });
    writeFileSync(join(out, 'posts/a/og.png'), 'the last build\'s image');
    const b = build(out);
    b.handOver([job('posts/a/og.png')]);
    expect(await b.done()).toEqual(['drew 1 share images']);
    const cached = await cachedShareImage(job('posts/a/og.png').content, siteShareImageTheme(), shareImageCacheDir());
    expect(statSync(join(out, 'posts/a/og.png')).ino).toBe(statSync(cached.file).ino);
  });

  it('fail the build, naming the file, when one cannot be written', async () => {
    const root = mkdtempSync(join(tmpdir(), 'share-images-'));
    dirs.push(root);
    writeFileSync(join(root, 'posts'), 'a file where a folder should be');
    const b = build(root);
    b.handOver([job('posts/a/og.png')]);
    await expect(b.done()).rejects.toThrow(/share image .*posts\/a\/og\.png/);
  });

  it('draw again, and name, the images whose cached file changed since it was drawn, through the output folder or the cache', async () => {
    const out = mkdtempSync(join(tmpdir(), 'share-images-'));
    dirs.push(out);
    const damaged = (path: string): ShareImageJob => ({ path, content: { ...job(path).content, title: `傷んだ画像 ${path}` } });
    const first = build(out);
    first.handOver([damaged('posts/a/og.png'), damaged('posts/b/og.png')]);
    await first.done();
    const [a, b] = ['posts/a/og.png', 'posts/b/og.png'].map((path) => readFileSync(join(out, path)));
    // One edited in place through the built site's link (same size), one truncated in the cache.
    const edited = Buffer.from(a!);
    edited[edited.length >> 1]! ^= 0xff;
    writeFileSync(join(out, 'posts/a/og.png'), edited);
    truncateSync((await cachedShareImage(damaged('posts/b/og.png').content, siteShareImageTheme(), shareImageCacheDir())).file, 100);

    const second = build(out);
    second.handOver([damaged('posts/a/og.png'), damaged('posts/b/og.png')]);
    expect(await second.done()).toEqual([
      'drew 2 share images',
      `warn: 2 cached share images had changed since they were drawn, and were drawn again: posts/a/og.png (its bytes changed), posts/b/og.png (100 bytes, ${b!.length} when drawn)`,
    ]);
    expect(readFileSync(join(out, 'posts/a/og.png')).equals(a!)).toBe(true);
    expect(readFileSync(join(out, 'posts/b/og.png')).equals(b!)).toBe(true);

    const third = build(out);
    third.handOver([damaged('posts/a/og.png'), damaged('posts/b/og.png')]);
    expect(await third.done()).toEqual(['drew 2 share images']);
  });
});

describe('the share image cache', () => {
  const content = { title: 'キャッシュの画像', date: '2024年1月2日', tags: ['a'], siteTitle: 'ノート' };
  const theme = loadShareImageTheme(DEFAULT_SHARE_IMAGE, projectFolder());

  it('keeps each image under its key, its size and its hash, and gives it back while unchanged', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'share-image-cache-'));
    dirs.push(cacheDir);
    const drawn = await cachedShareImage(content, theme, cacheDir, (changes) => expect.fail(changes));
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f]{32}\\.${drawn.png.length}\\.[0-9a-f]{32}\\.png$`, 'u'))]);
    expect(drawn.png.equals(await renderShareImage(content, theme))).toBe(true);
    const again = await cachedShareImage(content, theme, cacheDir, (changes) => expect.fail(changes));
    expect(again).toEqual(drawn);
  });

  it('keeps an image for each theme: a changed setting draws it again, and changing back reuses the first', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'share-image-cache-'));
    dirs.push(cacheDir);
    const restyled = loadShareImageTheme({ ...DEFAULT_SHARE_IMAGE, colors: { ...DEFAULT_SHARE_IMAGE.colors, accent: '#ff8800' } }, projectFolder());
    const first = await cachedShareImage(content, theme, cacheDir);
    const second = await cachedShareImage(content, restyled, cacheDir);
    expect(second.file).not.toBe(first.file);
    expect(second.png.equals(first.png)).toBe(false);
    expect(readdirSync(cacheDir)).toHaveLength(2);
    expect(await cachedShareImage(content, theme, cacheDir)).toEqual(first);
  });

  it.each([
    ['edited at the same size', (file: string) => writeFileSync(file, readFileSync(file).map((byte, i) => (i === 200 ? byte ^ 1 : byte))), ['its bytes changed']],
    ['truncated', (file: string) => truncateSync(file, 8), [expect.stringMatching(/^8 bytes, \d+ when drawn$/u)]],
    ['removed', (file: string) => rmSync(file), []],
  ])('draws an image again when its file was %s', async (_, damage, said) => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'share-image-cache-'));
    dirs.push(cacheDir);
    const drawn = await cachedShareImage(content, theme, cacheDir);
    damage(drawn.file);
    const changes: string[] = [];
    const again = await cachedShareImage(content, theme, cacheDir, (c) => changes.push(c));
    expect(changes).toEqual(said);
    expect(again.png.equals(drawn.png)).toBe(true);
    expect(readFileSync(again.file).equals(drawn.png)).toBe(true);
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });
});
