import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeText } from '../../src/lib/escape.ts';
import { absolutizeHtml, xmlSafe } from '../../src/lib/feed.ts';

describe('absolutizeHtml', () => {
  const page = 'https://blog.example.com/posts/2022/a/';
  it('makes links, images, srcset and fragments absolute', async () => {
    const html =
      '<p><a href="/posts/b/">b</a> <a href="../c/">c</a> <a href="#fn1">1</a> <a href="https://x.example/">x</a>' +
      '<img src="/_astro/i.webp" srcset="/_astro/i-1.webp 1x, /_astro/i-2.webp 2x" alt=""></p>';
    const out = await absolutizeHtml(html, page);
    expect(out).toContain('href="https://blog.example.com/posts/b/"');
    expect(out).toContain('href="https://blog.example.com/posts/2022/c/"');
    expect(out).toContain('href="https://blog.example.com/posts/2022/a/#fn1"');
    expect(out).toContain('href="https://x.example/"');
    expect(out).toContain('src="https://blog.example.com/_astro/i.webp"');
    expect(out).toContain('srcset="https://blog.example.com/_astro/i-1.webp 1x, https://blog.example.com/_astro/i-2.webp 2x"');
  });

  it('leaves text that looks like a link alone', async () => {
    const html = '<pre><code>&lt;a href="/x"&gt;</code></pre>';
    expect(await absolutizeHtml(html, page)).toBe(html);
  });
});

describe('xmlSafe', () => {
  it('drops characters XML cannot carry and keeps everything else', () => {
    expect(xmlSafe('a\u000Bb\u0000c\td\ne\r𠮷\uFFFF')).toBe('abc\td\ne\r𠮷');
    expect(xmlSafe('lone \uD800 surrogate \uDC00')).toBe('lone  surrogate ');
    expect(xmlSafe('日本語、English & <tags>')).toBe('日本語、English & <tags>');
  });
});

describe('escapeHtml', () => {
  it('escapes what could end text or a quoted attribute, in HTML and XML alike', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('日本語 plain')).toBe('日本語 plain');
    expect(escapeText(`date: "x" & <y>`)).toBe('date: "x" &amp; &lt;y&gt;');
  });
});
