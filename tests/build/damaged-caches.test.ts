/**
 * Caches the build keeps between builds (share images, the search index and its parts, summaries) are
 * checked before they are reused: one changed on disk, through the cache or through its hard link in
 * dist/, is made again with a warning that names it, and the site published is the one a clean build
 * makes. One small site, built once clean, then rebuilt after each set of damage.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../scripts/lib/site-checks.mjs';
import { makeSite, post, type Site } from '../helpers/site.ts';

const BODIES = ['夕焼けの写真を撮った。', '朝の散歩で紫陽花を見た。', '雨の日は本を読む。', '港の灯台まで歩いた。', '秋の山で紅葉を見た。'];

let site: Site;
/** What the clean build published: every file of dist/pagefind, some share images, the home page. */
const clean = new Map<string, Buffer>();
const published = (path: string) => readFileSync(join(site.dist, path));
const cacheDir = (...path: string[]) => join(site.dir, 'node_modules', '.cache', ...path);
const pagefindFiles = () => listFiles(join(site.dist, 'pagefind')).map((file: string) => `pagefind/${file}`);
/** The one kept folder (not a record file) in a folder cache such as search-index/whole. */
const keptFolder = (...path: string[]) => {
  const [name, ...others] = readdirSync(cacheDir(...path), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(others).toEqual([]);
  return cacheDir(...path, name!);
};
/** The file in `dir` that is `file` (a hard link to it). */
const sameFileIn = (dir: string, file: string) => {
  const inode = statSync(file).ino;
  const name = readdirSync(dir).find((n) => statSync(join(dir, n)).ino === inode);
  expect(name, `${file} is not linked from ${dir}`).toBeDefined();
  return join(dir, name!);
};

/** Every file the clean build published that these tests damage, byte for byte as it was. */
function expectCleanSite() {
  expect.soft(pagefindFiles().sort()).toEqual([...clean.keys()].filter((path) => path.startsWith('pagefind/')).sort());
  for (const [path, bytes] of clean) {
    if (existsSync(join(site.dist, path))) expect.soft(published(path).equals(bytes), `${path} differs from a clean build's`).toBe(true);
  }
}

/**
 * The build's warnings, but the one about the placeholder URL: those of integrations, read from Astro's
 * public JSON log (`--json`: one object a line, with its level and the integration's name as label),
 * and the summaries' own, which they print themselves with their `[derived-text]` prefix.
 */
const warnings = (output: string) =>
  output.split('\n').filter((line) => {
    if (line.startsWith('[derived-text]')) return true;
    if (!line.startsWith('{')) return false;
    const event = JSON.parse(line) as { level?: unknown; label?: unknown };
    return event.level === 'warn' && event.label !== 'placeholder-url';
  });

/** A rebuild, logged in Astro's public JSON form (see warnings()). */
async function rebuild(): Promise<string> {
  const build = await site.astro(['build', '--json']);
  expect(build.code, build.output).toBe(0);
  return build.output;
}

beforeAll(async () => {
  const posts: Record<string, string> = {};
  BODIES.forEach((body, i) => (posts[`p${i}.md`] = post(`title: 記事${i}\ndate: 2024-01-0${i + 1}\npublished: true\ntags: [t${i % 2}]`, body)));
  site = makeSite({ posts });
  const first = await site.astro(['build']);
  if (first.code !== 0) throw new Error(first.output);
  for (const path of [...pagefindFiles(), 'posts/p0/og.png', 'posts/p1/og.png', 'index.html']) clean.set(path, published(path));
}, 300_000);
afterAll(() => site?.remove());

describe('damaged caches', () => {
  it('are made again, named in a warning: share images, the whole search index, summaries', async () => {
    // A share image edited in place through dist/ (same size), another truncated in the cache.
    const edited = readFileSync(join(site.dist, 'posts/p0/og.png'));
    edited[edited.length >> 1]! ^= 0xff;
    writeFileSync(join(site.dist, 'posts/p0/og.png'), edited);
    const cachedImage = sameFileIn(cacheDir('share-images'), join(site.dist, 'posts/p1/og.png'));
    writeFileSync(cachedImage, readFileSync(cachedImage).subarray(0, 100));
    // The kept search index: half its fragments deleted in the cache, its entry file edited through dist/.
    const fragments = join(keptFolder('search-index', 'whole'), 'fragment');
    const names = readdirSync(fragments);
    for (const name of names.slice(0, Math.ceil(names.length / 2))) rmSync(join(fragments, name));
    const entry = join(site.dist, 'pagefind', 'pagefind-entry.json');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('"page_count":5', '"page_count":4'));
    // A summary edited in the kept summaries.
    const summaries = cacheDir('derived-text.json');
    writeFileSync(summaries, readFileSync(summaries, 'utf8').replace('夕焼けの写真', '書き換えた要約'));

    const output = await rebuild();
    expectCleanSite();
    expect.soft(published('index.html').toString()).not.toContain('書き換えた要約');
    expect.soft(output).toMatch(/share images?.*posts\/p0\/og\.png.*changed/u);
    expect.soft(output).toMatch(/share images?.*posts\/p1\/og\.png.*100 bytes/u);
    expect.soft(output).toMatch(/search index.*fragment\/\S+\.pf_fragment.* missing/u);
    expect.soft(output).toMatch(/search index.*pagefind-entry\.json/u);
    expect.soft(output).toMatch(/derived-text\.json.*changed/u);
    expect.soft(warnings(output)).toHaveLength(3);
  });

  it('are made again when a search index part is truncated, and the rest is trusted again', async () => {
    // Fragments are linked from the part into the kept index: truncating one damages both.
    const part = keptFolder('search-index', 'parts');
    const [fragment] = readdirSync(join(part, 'fragment'));
    writeFileSync(join(part, 'fragment', fragment!), readFileSync(join(part, 'fragment', fragment!)).subarray(0, 10));

    const output = await rebuild();
    expectCleanSite();
    expect.soft(output).toMatch(new RegExp(`search index part.*fragment/${fragment!.replaceAll('.', '\\.')}`, 'u'));
    // The kept index holds the same file; what the last build made again is trusted: no other warning.
    expect.soft(warnings(output)).toEqual([expect.stringMatching(/the search index kept/u), expect.stringMatching(/search index part/u)]);
  });
});
