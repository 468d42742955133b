import { describe, expect, it } from 'vitest';
import { collectRedirects, redirectFile, redirectsFile } from '../../src/lib/redirects.ts';

describe('redirects', () => {
  it('write a page where the old URL is served from', () => {
    expect(redirectFile('/2014/08/19/promises.html')).toBe('2014/08/19/promises.html');
    expect(redirectFile('/2008/0105/res15/')).toBe('2008/0105/res15/index.html');
    expect(redirectFile('/old/name')).toBe('old/name/index.html');
  });

  it('stop on an alias two posts claim, in any case, or one over the site’s own pages', () => {
    expect(() => collectRedirects([{ id: 'a', aliases: ['/x.html'], file: 'a.md' }, { id: 'b', aliases: ['/X.html'], file: 'b.md' }])).toThrow(
      /b\.md and a\.md both have the alias \/X\.html/,
    );
    expect(() => collectRedirects([{ id: 'a', aliases: ['/posts/b/'], file: 'a.md' }])).toThrow(/a\.md: alias \/posts\/b\/ is a path/);
    expect(collectRedirects([{ id: 'a', aliases: ['/x.html', '/x.html'], file: 'a.md' }])).toHaveLength(1);
  });

  it('list percent-encoded lines under the base path', () => {
    const redirects = collectRedirects([{ id: '日本語', aliases: ['/2022/日本語.html'], file: 'x.md' }]);
    const file = redirectsFile(redirects, (p) => `/blog${p}`, (id) => `/blog/posts/${encodeURIComponent(id)}/`);
    expect(file).toBe(`/blog/2022/${encodeURIComponent('日本語')}.html /blog/posts/${encodeURIComponent('日本語')}/ 301\n`);
  });
});
