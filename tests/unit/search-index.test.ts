/** The search index writer (src/integrations/search.ts), with the real Pagefind. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../../src/integrations/search.ts';
import { searchPage } from '../../src/lib/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';

const out = mkdtempSync(join(tmpdir(), 'search-index-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the search index', () => {
  it('is not written for a site without posts (Pagefind cannot search an empty index)', async () => {
    const dir = join(out, 'empty');
    expect(await writeSearchIndex([], dir, 'ja')).toBe(0);
    expect(existsSync(join(dir, 'pagefind'))).toBe(false);
  });

  it('finds the posts handed to it by their Japanese words, with title and date', async () => {
    const dir = join(out, 'site');
    const post = { id: 'a', title: '署名用パスワードの再設定', lang: 'ja', date: '2023年5月10日', html: '<p>マイナンバーカードの署名用パスワードを再設定した。</p>' };
    expect(await writeSearchIndex([searchPage(post)], dir, 'ja')).toBe(1);
    const hits = await searchSite(dir, '再設定');
    expect(hits).toMatchObject([{ url: '/posts/a/', title: '署名用パスワードの再設定', date: '2023年5月10日' }]);
  });
});
