import { describe, expect, it } from 'vitest';
import { isPlaceholderHost, placeholderUrlWarning } from '../../src/integrations/placeholder-url.ts';

describe('the placeholder url warning', () => {
  it.each(['blog.example.com', 'example.com', 'www.example.org', 'example.net', 'my.blog.test', 'localhost', 'site.localhost', 'x.example', 'EXAMPLE.COM.'])(
    '%s is a placeholder',
    (host) => {
      expect(isPlaceholderHost(host)).toBe(true);
    },
  );

  it.each(['blog.jxck.io', 'user.github.io', 'example.co.jp', 'myexample.com', 'example.com.au', 'test.dev', 'latest.org'])(
    '%s is a real address',
    (host) => {
      expect(isPlaceholderHost(host)).toBe(false);
    },
  );

  it('names the setting and its value, path included', () => {
    expect(placeholderUrlWarning('https://blog.example.com')).toMatch(
      /^url in src\/site\.config\.ts is still https:\/\/blog\.example\.com, a placeholder: .*Set it to the address/,
    );
    expect(placeholderUrlWarning('https://example.com', '/blog/')).toContain('still https://example.com/blog, a placeholder');
  });

  it('says nothing for a real address, or none', () => {
    expect(placeholderUrlWarning('https://user.github.io', '/blog/')).toBeUndefined();
    expect(placeholderUrlWarning(undefined)).toBeUndefined();
  });
});
