/**
 * The posts that ship with the blog (src/content/posts/) declare their language: a post written in
 * English without `lang: en` is read by screen readers with a Japanese voice, and measured and
 * summarized as Japanese (tests/build/japanese.test.ts checks what `lang` does to the page).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listPostFolder } from '../../src/posts/post-files.ts';
import { site } from '../../src/site.config.ts';
import { projectRoot } from '../helpers/site.ts';

const postsDir = join(projectRoot, 'src', 'content', 'posts');

/** A post's frontmatter and body, without code (whose language is not the post's). */
function readPost(file: string): { data: Record<string, unknown>; prose: string } {
  const text = readFileSync(join(postsDir, file), 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/u.exec(text);
  const data = (m ? parseYaml(m[1]!) : {}) as Record<string, unknown>;
  const prose = (m ? m[2]! : text).replace(/```[\s\S]*?```|`[^`\n]*`|https?:\/\/\S+/gu, ' ');
  return { data, prose };
}

/** The share of letters that are Japanese (kana or kanji) among all letters of `text`. */
function japaneseShare(text: string): number {
  const letters = text.match(/\p{L}/gu) ?? [];
  const japanese = letters.filter((c) => /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(c));
  return letters.length === 0 ? 0 : japanese.length / letters.length;
}

describe('sample posts', () => {
  const posts = listPostFolder(postsDir).filter((f) => /\.mdx?$/u.test(f));

  it('declare the language they are written in', () => {
    expect(site.lang).toBe('ja');
    const english: string[] = [];
    for (const file of posts) {
      const { data, prose } = readPost(file);
      const lang = typeof data['lang'] === 'string' ? data['lang'] : site.lang;
      const share = japaneseShare(`${String(data['title'] ?? '')} ${prose}`);
      if (share < 0.2) {
        english.push(file);
        expect(lang, `${file} is written in English`).toMatch(/^en\b/u);
      } else {
        expect(lang, `${file} is written in Japanese`).toBe('ja');
      }
    }
    // The samples show both languages: the check above read at least one post of each.
    expect(english.length).toBeGreaterThan(0);
    expect(english.length).toBeLessThan(posts.length);
  });
});
