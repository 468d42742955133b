/**
 * Tags: which spellings are one tag, what a tag's URL is, and how many posts each has.
 *
 * Two spellings are one tag when they differ only in case, width or spacing (`JavaScript`,
 * `javascript`, `ＪａｖａＳｃｒｉｐｔ`); the tag is shown in its most used spelling. URLs are lower case
 * with spaces as `-`; Japanese and other letters stay as they are. Symbols that name languages keep
 * them apart (`C`, `C#`, `C++` -> `c`, `csharp`, `cpp`), and any two tags that still meet on one slug get
 * `-2`, `-3`, ... so that no two tags ever share a page. A slug is never the name of a file the site
 * writes in /tags/ (`index.html` -> `index-html`).
 */

/** The identity of a tag: spellings with the same key are the same tag. */
export function tagKey(tag: string): string {
  return tag.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
}

// Symbols that carry meaning in tag names, spelled out before other punctuation becomes `-`.
const SPELLED_SYMBOLS: ReadonlyArray<[RegExp, string]> = [
  [/\+/gu, 'p'], // c++ -> cpp, g++ -> gpp
  [/#/gu, 'sharp'], // c# -> csharp, f# -> fsharp
  [/^\./u, 'dot'], // .net -> dotnet
  [/&/gu, '-and-'],
  [/@/gu, '-at-'],
];

/**
 * Files the site writes in /tags/ beside the tags' folders (src/pages/tags/index.astro is the list of
 * tags): a tag's folder of one of these names could not be written (EISDIR).
 */
const FILES_IN_TAGS_FOLDER: ReadonlySet<string> = new Set(['index.html']);

/**
 * The URL segment for a tag, before collisions are settled: lower case, letters and digits of any
 * script kept, whitespace and other punctuation turned into single `-`. Never empty, and never the name
 * of a file in /tags/: its dots become `-`.
 */
export function baseTagSlug(tag: string): string {
  let s = tagKey(tag);
  for (const [re, word] of SPELLED_SYMBOLS) s = s.replace(re, word);
  s = s
    .replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '-')
    .replace(/\.{2,}/gu, '.')
    .replace(/-{2,}/gu, '-')
    .replace(/^[-.]+|[-.]+$/gu, '');
  if (FILES_IN_TAGS_FOLDER.has(s)) return s.replace(/\./gu, '-');
  if (s) return s;
  // Only symbols that have no spelling: name them by code point so the slug stays unique and stable.
  return [...tagKey(tag)].map((c) => `u${c.codePointAt(0)!.toString(16)}`).join('-') || 'tag';
}

/** One tag as the site shows it. */
export interface Tag {
  /** Identity (see `tagKey`). */
  key: string;
  /** The most used spelling. */
  name: string;
  /** URL segment, unique across the site (not percent-encoded). */
  slug: string;
  /** How many posts carry the tag. */
  count: number;
}

/**
 * Every tag of a set of posts, with unique slugs. `postsTags` holds each post's tag list. The result is
 * sorted by count (most first), then name, and does not depend on the order of the posts.
 */
export function collectTags(postsTags: ReadonlyArray<readonly string[]>): Tag[] {
  const byKey = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const tags of postsTags) {
    const seen = new Set<string>();
    for (const tag of tags) {
      const key = tagKey(tag);
      if (!key) continue;
      const entry = byKey.get(key) ?? { count: 0, spellings: new Map<string, number>() };
      byKey.set(key, entry);
      entry.spellings.set(tag, (entry.spellings.get(tag) ?? 0) + 1);
      if (!seen.has(key)) {
        seen.add(key);
        entry.count++;
      }
    }
  }

  const tags = [...byKey].map(([key, { count, spellings }]) => ({
    key,
    count,
    name: mostUsedSpelling(spellings),
    base: baseTagSlug(key),
  }));

  // Settle collisions: a tag whose key already is its slug keeps it; the others follow in key order.
  const bySlug = new Map<string, typeof tags>();
  for (const t of tags) bySlug.set(t.base, [...(bySlug.get(t.base) ?? []), t]);
  const taken = new Set(bySlug.keys());
  const slugOf = new Map<string, string>();
  for (const [base, group] of bySlug) {
    group.sort((a, b) => Number(b.key === base) - Number(a.key === base) || compare(a.key, b.key));
    group.forEach((t, i) => {
      if (i === 0) return slugOf.set(t.key, base);
      let n = i + 1;
      while (taken.has(`${base}-${n}`)) n++;
      taken.add(`${base}-${n}`);
      return slugOf.set(t.key, `${base}-${n}`);
    });
  }

  return tags
    .map(({ key, name, count }) => ({ key, name, count, slug: slugOf.get(key)! }))
    .sort((a, b) => b.count - a.count || compare(a.name, b.name) || compare(a.key, b.key));
}

function mostUsedSpelling(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [spelling, n] of spellings) {
    if (n > bestCount || (n === bestCount && compare(spelling, best) < 0)) {
      best = spelling;
      bestCount = n;
    }
  }
  return best;
}

/** Code-unit order: the same on every machine, unlike locale-aware comparison. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
