/** The whole dist/ is byte-identical whatever time zone the build machine is in. */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fixturePosts, makeSite } from '../helpers/site.ts';

const ZONES = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
// Dates that fall on different days across those zones, in both forms a post may use.
const posts = {
  ...fixturePosts('basic'),
  'edge/new-year.md': '---\ntitle: 元日\ndate: 2023-01-01\npublished: true\ntags: [日付]\n---\n元日。\n',
  'edge/late-night.md':
    '---\ntitle: 深夜\ndate: 2022-12-31T23:59:00+09:00\nupdated: 2023-01-01T00:01:00-10:00\npublished: true\ntags: [日付]\n---\n深夜。\n',
};
const site = makeSite({ posts });
afterAll(() => site.remove());

function digest(): Record<string, string> {
  return Object.fromEntries(
    site.files().map((f) => [f, createHash('sha256').update(readFileSync(join(site.dist, f))).digest('hex')]),
  );
}

it('builds the same bytes under every TZ', async () => {
  const results: Record<string, Record<string, string>> = {};
  for (const tz of ZONES) {
    rmSync(site.dist, { recursive: true, force: true });
    // --force: Astro's content cache would otherwise keep what the previous build parsed.
    const build = await site.astro(['build', '--force'], { TZ: tz });
    expect(build.code, build.output).toBe(0);
    results[tz] = digest();
  }
  const html = site.read('posts/edge/late-night/index.html');
  expect(html).toContain('<time datetime="2022-12-31">2022年12月31日</time>');
  expect(html).toContain('<time datetime="2023-01-01">2023年1月1日</time>');
  for (const tz of ZONES.slice(1)) expect(results[tz], tz).toEqual(results.UTC);
  expect(Object.keys(results.UTC!).length).toBeGreaterThan(20);
});
