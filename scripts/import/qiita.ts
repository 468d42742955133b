/**
 * Reads a Qiita CLI folder (or its `public/` folder): `public/*.md` at that level (Qiita CLI keeps its
 * own copies in hidden `public/.remote/`, left alone).
 *
 * - title as written (Qiita shows it as text); tags from `tags`, names or Qiita's `{ name, versions }`;
 * - drafts: `private: true` (限定共有) or `ignorePublish: true` become `published: false`;
 * - date: `created_at` when the file has one (API exports), else a `YYYY-MM-DD`/`YYYYMMDD` file name
 *   prefix, else the file's first commit (git, else `GIT_DATES.tsv` in the folder; see
 *   `historyDates`), else the post fails, named. `updated_at` is when the post was last updated on
 *   Qiita, never its date; but a post cannot be updated before it exists, so when the first commit is
 *   later (the folder was pulled from Qiita after the post was written) `updated_at` is the date;
 *   otherwise it is `updated`, when on a later day;
 * - a body that says it was first published elsewhere on a day (`これは2016-10-29に…で公開した`) is
 *   listed for the author, with that day: the importer cannot know which date they want;
 * - `breaks: true` (Qiita turns every newline into a line break);
 * - the Qiita address `https://qiita.com/items/<id>` (Qiita redirects it to the author's URL) is kept as
 *   a "first published at" note when `id` is set and the post is not private (a 限定共有 address is
 *   not meant to be public); `id`, `organization_url_name`, `slide` are kept as keys.
 * - images: local ones (rare on Qiita, whose images live on its own store) from `public/`, site-absolute
 *   ones from the folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { calendarDayOf } from '../../src/blog/dates.ts';
import { bodyImages, hasPostsWithKeys, readTitledPost, bodyProblems, fileNameDay, historyDates, readDate, tagList, type ReadDate } from './shared.ts';
import type { ReadOptions, SourceFailure, SourcePost, SourceReading } from './source-post.ts';

/** The Qiita CLI folder of a path: the folder given, or the parent of a `public` folder given. */
export function qiitaRoot(path: string): string {
  const root = resolve(path);
  return basename(root) === 'public' && !existsSync(join(root, 'public')) ? dirname(root) : root;
}

// 「これは2016-10-29に[個人ブログ](…)で公開した記事」 and the like: a day, then within a line 公開.
const FIRST_PUBLISHED = /(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?に[^\n]{0,200}?(?:で|にて)(?:最初に|初めて)?公開/u;

/** The day a body says the post was first published elsewhere, as `YYYY-MM-DD`, if it says so. */
export function firstPublishedInBody(body: string): string | undefined {
  const m = FIRST_PUBLISHED.exec(body);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
}

const flag = (value: unknown, name: string): boolean | { error: string } =>
  value === undefined || typeof value === 'boolean' ? value === true : { error: `${name} must be true or false, not ${JSON.stringify(value)}` };

/** Reads every post of a Qiita CLI folder (see the file's comment). */
export function read(path: string, options: ReadOptions): SourceReading {
  const root = qiitaRoot(path);
  const folder = join(root, 'public');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${root} has no public/ folder: give the Qiita CLI folder`);
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const history = historyDates(root, 'public');
  const posts: SourcePost[] = [];
  const failures: SourceFailure[] = [];
  const day = (d: Date) => calendarDayOf(d, options.timeZone);
  for (const name of files) {
    const source = `public/${name}`;
    const read = readTitledPost(join(folder, name));
    if ('reason' in read) {
      failures.push({ source, reason: read.reason });
      continue;
    }
    const { keys, title } = read;
    const tags = tagList(keys.takeAll('tags'));
    const isPrivate = flag(keys.take('private'), 'private');
    const ignored = flag(keys.take('ignorePublish'), 'ignorePublish');
    if ('error' in tags || typeof isPrivate !== 'boolean' || typeof ignored !== 'boolean') {
      const problem = [tags, isPrivate, ignored].find((v) => typeof v === 'object' && 'error' in v) as { error: string };
      failures.push({ source, reason: problem.error });
      continue;
    }
    const dates = history.dates.get(source);
    const createdAt = keys.take('created_at');
    const written = createdAt ?? fileNameDay(name) ?? dates?.first;
    const updatedAt = keys.take('updated_at');
    let updated: ReadDate | undefined;
    if (updatedAt !== undefined) {
      const read = readDate(updatedAt, options.timeZone, options.timeZone);
      if ('error' in read) {
        failures.push({ source, reason: `updated_at: ${read.error}` });
        continue;
      }
      updated = read;
    }
    let date: ReadDate;
    if (written === undefined) {
      if (!updated) {
        failures.push({
          source,
          reason: 'no date: the file has no created_at or updated_at, and no commit in git or GIT_DATES.tsv. Add created_at: YYYY-MM-DD to it, or import from the git repository',
        });
        continue;
      }
      date = updated;
    } else {
      const read = readDate(written, options.timeZone, options.timeZone);
      if ('error' in read) {
        const from = createdAt !== undefined ? 'created_at' : `date from ${history.origin.get(source) ?? 'the file name'}`;
        failures.push({ source, reason: `${from}: ${read.error}` });
        continue;
      }
      date = read;
    }
    // Updated on Qiita before the first commit: the folder was pulled later, and the post is at least that old.
    if (updated && createdAt === undefined && updated.instant < date.instant) date = updated;
    const body = read.body;
    const attention: string[] = [];
    if (history.shallow && history.origin.get(source) === 'git' && written === dates?.first) {
      attention.push('date from a shallow git clone: its first commit may be where the clone was cut');
    }
    const stated = firstPublishedInBody(body);
    if (stated && stated !== day(date.instant)) {
      attention.push(`the body says it was first published on ${stated}; its date is ${day(date.instant)} (first on Qiita): set date: ${stated} to keep the first one`);
    }
    const post: SourcePost = {
      source,
      slug: name.replace(/\.md$/u, ''),
      ext: '.md',
      title,
      date: date.date,
      published: !isPrivate && !ignored,
      tags,
      aliases: [],
      breaks: true,
      body,
      images: bodyImages(body, folder, [root]),
      attention: [...attention, ...bodyProblems(body)],
      extra: keys.rest(),
    };
    if (updated && day(updated.instant) > day(date.instant)) post.updated = updated.date;
    const id = Object.entries(post.extra ?? {}).find(([k]) => k.toLowerCase() === 'id')?.[1];
    if (typeof id === 'string' && /^[0-9a-z]+$/iu.test(id) && !isPrivate) post.originalUrl = `https://qiita.com/items/${id}`;
    posts.push(post);
  }
  return { kind: 'qiita', posts, failures };
}

/** True when `path` looks like a Qiita CLI folder: `public/*.md` with Qiita's keys. */
export function looksLikeQiita(path: string): boolean {
  return hasPostsWithKeys(join(qiitaRoot(path), 'public'), ['ignorepublish', 'updated_at', 'organization_url_name', 'private']);
}
