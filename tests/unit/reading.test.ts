import { describe, expect, it } from 'vitest';
import { phrases } from '../../src/typesetting/phrases.ts';
import { readingMinutes } from '../../src/blog/text.ts';

describe('readingMinutes', () => {
  it('reads Japanese at about 500 characters a minute', () => {
    expect(readingMinutes('あ'.repeat(1500))).toBe(3);
    expect(readingMinutes('漢字'.repeat(500))).toBe(2);
  });
  it('reads English at about 230 words a minute', () => {
    expect(readingMinutes(Array(690).fill('word').join(' '))).toBe(3);
  });
  it('counts mixed text by both', () => {
    expect(readingMinutes(`${'あ'.repeat(750)} ${Array(345).fill('word').join(' ')}`)).toBe(3);
  });
  it('is at least one minute', () => {
    expect(readingMinutes('あ')).toBe(1);
    expect(readingMinutes('')).toBe(1);
  });
});

describe('phrases', () => {
  it('splits Japanese into phrases and keeps other text whole', () => {
    expect(phrases('マイナンバーカードの署名用パスワードをリセットした')).toEqual([
      'マイナンバーカードの',
      '署名用パスワードを',
      'リセットした',
    ]);
    expect(phrases('Starting with Astro')).toEqual(['Starting with Astro']);
    expect(phrases('長い日本語の記事').join('')).toBe('長い日本語の記事');
  });
});
