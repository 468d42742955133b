/**
 * The build's share-image drawing (src/integrations/share-images.ts) driven through its hooks, with the
 * real worker thread: images handed over by the og.png route land in the output folder, the same image
 * handed over twice is drawn once, and a failure fails the build with the file named.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { shareImagesInBuild } from '../../src/integrations/share-images.ts';
import { receiverOf } from '../../src/lib/build-hand-off.ts';
import { SHARE_IMAGES, shareImageCacheDir, type ShareImageJob } from '../../src/lib/share-image-response.ts';
import { cachedShareImage } from '../../src/lib/share-image.ts';

type Hook = (options: unknown) => unknown;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function build(outDir: string) {
  const { hooks } = shareImagesInBuild();
  const messages: string[] = [];
  const logger = { info: (m: string) => messages.push(m) };
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
    // The built image is the cached one, linked (src/lib/link-files.ts), not a second copy.
    const cached = await cachedShareImage(job('posts/a/og.png').content, shareImageCacheDir());
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
    const cached = await cachedShareImage(job('posts/a/og.png').content, shareImageCacheDir());
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
});
