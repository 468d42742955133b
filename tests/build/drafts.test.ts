/** Drafts: readable with a badge in `astro dev`, absent from every build whatever NODE_ENV says. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, post, type Site } from '../helpers/site.ts';

const posts = {
  'public.md': post('title: 公開記事\ndate: 2022-01-01\npublished: true\ntags: [公開]', '公開された本文。'),
  'secret.md': post('title: 下書き SECRETMARK_T\ndate: 2022-06-01\npublished: false\ntags: [SECRETTAG]', 'SECRETMARK_B'),
};
let site: Site;
beforeAll(() => {
  site = makeSite({ posts });
});
afterAll(() => site?.remove());

describe('drafts', () => {
  it('are listed and readable in astro dev, with a badge', async () => {
    const dev = await site.dev();
    try {
      const home = await (await fetch(`${dev.url}/`)).text();
      expect(home).toContain('SECRETMARK_T');
      expect(home).toMatch(/<span class="badge"[^>]*>下書き<\/span>/);
      const page = await fetch(`${dev.url}/posts/secret/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('SECRETMARK_B');
      expect(html).toMatch(/<span class="badge"[^>]*>下書き<\/span>/);
    } finally {
      await dev.stop();
    }
  });

  it.each(['production', 'development', 'test'])('never reach a build made with NODE_ENV=%s', async (nodeEnv) => {
    const build = await site.astro(['build'], { NODE_ENV: nodeEnv });
    expect(build.code, build.output).toBe(0);
    const files = site.files();
    expect(files).toContain('posts/public/index.html');
    for (const file of files) {
      expect(readFileSync(join(site.dist, file), 'latin1'), file).not.toMatch(/SECRET|posts\/secret/);
    }
  });
});
