import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeSamples, sampleHash, SAMPLE_POSTS } from '../../scripts/remove-samples.ts';
import { listPostFolder } from '../../src/posts/post-files.ts';
import { projectRoot } from '../helpers/site.ts';

const repoPosts = join(projectRoot, 'src', 'content', 'posts');
let root: string;
let posts: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'remove-samples-'));
  posts = join(root, 'src', 'content', 'posts');
  mkdirSync(posts, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(posts, path)), { recursive: true });
  writeFileSync(join(posts, path), text);
};
const left = () => listPostFolder(posts).map((p) => p.split(sep).join('/')).sort();

/** Samples of a made-up list, for the cases the real samples cannot show. */
const sampleText = `---\ntitle: 見本\ndate: 2022-01-01\npublished: true\n---\n見本の本文。\n`;
const samples = {
  'sample.md': [sampleHash(sampleText)],
  '2024/nested.md': [sampleHash(sampleText.replace('見本', '入れ子'))],
  'edited.md': [sampleHash(sampleText)],
};

describe('removeSamples', () => {
  it('removes the samples as shipped, keeps edited ones and every other file, and empty folders go', () => {
    write('sample.md', sampleText.replaceAll('\n', '\r\n')); // checked out with CRLF: still the sample
    write('2024/nested.md', sampleText.replace('見本', '入れ子'));
    write('edited.md', sampleText.replace('見本の本文。', '私の本文。'));
    write('mine.md', sampleText);
    write('2025/trip.md', '私の記事');
    write('2025/photo.png', 'png');

    const result = removeSamples({ root, samples });
    expect(result).toEqual({ removed: ['src/content/posts/sample.md', 'src/content/posts/2024/nested.md'], edited: ['src/content/posts/edited.md'] });
    expect(left()).toEqual(['2025/photo.png', '2025/trip.md', 'edited.md', 'mine.md']);
    expect(existsSync(join(posts, '2024'))).toBe(false);
    expect(existsSync(posts)).toBe(true);
    // A second run has nothing left to remove.
    expect(removeSamples({ root, samples })).toEqual({ removed: [], edited: ['src/content/posts/edited.md'] });
  });

  it('keeps a folder the author put files in beside a sample', () => {
    write('2024/nested.md', sampleText.replace('見本', '入れ子'));
    write('2024/mine.md', '私の記事');
    removeSamples({ root, samples });
    expect(left()).toEqual(['2024/mine.md']);
  });

  it('with dryRun, only says what would go', () => {
    write('sample.md', sampleText);
    expect(removeSamples({ root, samples, dryRun: true }).removed).toEqual(['src/content/posts/sample.md']);
    expect(left()).toEqual(['sample.md']);
  });

  // The repository's samples as shipped (none, in a blog whose author has removed them).
  const shipped = Object.keys(SAMPLE_POSTS).filter(
    (path) => existsSync(join(repoPosts, path)) && SAMPLE_POSTS[path]!.includes(sampleHash(readFileSync(join(repoPosts, path)))),
  );

  it.skipIf(shipped.length < 2)('runs from the command line on the real samples, naming what it removed and what it kept', () => {
    for (const path of shipped) write(path, readFileSync(join(repoPosts, path), 'utf8'));
    const [edited, ...unedited] = shipped as [string, ...string[]];
    write(edited, `${readFileSync(join(repoPosts, edited), 'utf8')}\n追記。\n`);
    write('mine.md', sampleText);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(projectRoot, 'scripts', 'remove-samples.ts'), '--root', root, ...args], { encoding: 'utf8' });
    const result = run();
    expect(result.status, result.stderr).toBe(0);
    for (const path of unedited) expect(result.stdout).toContain(`Removed the sample post src/content/posts/${path}\n`);
    expect(result.stdout).toContain(`Kept src/content/posts/${edited}: it is not the sample as shipped`);
    expect(left()).toEqual([edited, 'mine.md'].sort());
    expect(run().stdout).not.toContain('Removed');
    expect(run('--unknown').status).toBe(2);
  });
});

describe('the list of samples', () => {
  // Fails when a sample in the repository was edited without adding its new hash to SAMPLE_POSTS
  // (scripts/remove-samples.ts): `npm run samples:remove` would keep it as if an author had edited it.
  it.each(Object.keys(SAMPLE_POSTS).filter((path) => existsSync(join(repoPosts, path))))('knows this version of %s', (path) => {
    const hash = sampleHash(readFileSync(join(repoPosts, path)));
    expect(SAMPLE_POSTS[path], `add '${hash}' to SAMPLE_POSTS['${path}']`).toContain(hash);
  });
});
