/**
 * Reads a zenn-cli repository (or its `articles/` folder): `articles/*.md` at that level only (zenn-cli
 * reads nothing deeper; folders beside the articles hold their files), images from `images/`.
 *
 * - title as written (Zenn shows it as text), tags from `topics`, `published: true` publishes (missing or `false`
 *   is a draft, as on Zenn); `emoji`, `type` and any other key are kept as they were;
 * - date: `published_at` (`YYYY-MM-DD` or `YYYY-MM-DD hh:mm`, Zenn's Asia/Tokyo), else a
 *   `YYYY-MM-DD`/`YYYYMMDD` file name prefix, else the file's first commit: from git when the folder is
 *   in a repository, else from a `GIT_DATES.tsv` in the repository folder (see `historyDates`); else the
 *   post fails, named. `updated`: the last commit, when it is on a later day than `date`;
 * - `breaks: true` (Zenn turns every newline into a line break);
 * - the Zenn address, `https://zenn.dev/<user>/articles/<slug>`, is kept as a "first published at" note
 *   when the account is known: Zenn's files never name it, so it comes from `--user <name>`; without it
 *   there is no note (the CLI says so once). Drafts never had an address and get none.
 * - images: `/images/…` from the repository's `images/`, relative ones from `articles/`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { calendarDayOf } from '../../src/blog/dates.ts';
import { bodyImages, hasPostsWithKeys, readTitledPost, bodyProblems, fileNameDay, historyDates, readDate, tagList, type ReadDate } from './shared.ts';
import type { ReadOptions, SourceFailure, SourcePost, SourceReading } from './source-post.ts';

/** Zenn shows and schedules `published_at` in Japan's time. */
export const ZENN_TIME_ZONE = 'Asia/Tokyo';

/** The repository folder of a Zenn path: the folder given, or the parent of an `articles` folder given. */
export function zennRoot(path: string): string {
  const root = resolve(path);
  return basename(root) === 'articles' && !existsSync(join(root, 'articles')) ? dirname(root) : root;
}

/**
 * `updated` from the last commit when it falls on a later day than `date` in the site's time zone
 * (a fix on the day of writing is not an update), or undefined.
 */
export function laterUpdate(date: ReadDate, last: string | undefined, options: ReadOptions): string | undefined {
  if (!last) return undefined;
  const updated = readDate(last, options.timeZone, options.timeZone);
  if ('error' in updated) return undefined;
  const day = (d: Date) => calendarDayOf(d, options.timeZone);
  return day(updated.instant) > day(date.instant) ? updated.date : undefined;
}

/** Reads every article of a zenn-cli repository (see the file's comment). */
export function read(path: string, options: ReadOptions): SourceReading {
  const root = zennRoot(path);
  const articles = join(root, 'articles');
  if (!existsSync(articles) || !statSync(articles).isDirectory()) throw new Error(`${root} has no articles/ folder: give the zenn-cli repository's folder`);
  const files = readdirSync(articles, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const history = historyDates(root, 'articles');
  const posts: SourcePost[] = [];
  const failures: SourceFailure[] = [];
  for (const name of files) {
    const source = `articles/${name}`;
    const slug = name.replace(/\.md$/u, '');
    const read = readTitledPost(join(articles, name));
    if ('reason' in read) {
      failures.push({ source, reason: read.reason });
      continue;
    }
    const { keys, title } = read;
    const published = keys.take('published');
    if (published !== undefined && typeof published !== 'boolean') {
      failures.push({ source, reason: `published must be true or false, not ${JSON.stringify(published)}` });
      continue;
    }
    const tags = tagList(keys.takeAll('topics'));
    if ('error' in tags) {
      failures.push({ source, reason: tags.error.replace(/^tags/u, 'topics') });
      continue;
    }
    const attention: string[] = [];
    const dates = history.dates.get(source);
    const publishedAt = keys.take('published_at');
    let date: ReadDate | { error: string };
    if (publishedAt !== undefined) {
      date = readDate(publishedAt, ZENN_TIME_ZONE, options.timeZone);
      if ('error' in date) {
        failures.push({ source, reason: `published_at: ${date.error}` });
        continue;
      }
    } else {
      const written = fileNameDay(name) ?? dates?.first;
      if (written === undefined) {
        failures.push({
          source,
          reason: 'no date: Zenn has none unless published_at is set, and the file has no commit in git or GIT_DATES.tsv. Add published_at: YYYY-MM-DD hh:mm to it, or import from the git repository',
        });
        continue;
      }
      date = readDate(written, ZENN_TIME_ZONE, options.timeZone);
      if ('error' in date) {
        failures.push({ source, reason: `date from ${history.origin.get(source) ?? 'the file name'}: ${date.error}` });
        continue;
      }
      if (history.shallow && history.origin.get(source) === 'git') attention.push('date from a shallow git clone: its first commit may be where the clone was cut');
    }
    const body = read.body;
    const post: SourcePost = {
      source,
      slug,
      ext: '.md',
      title,
      date: date.date,
      published: published === true,
      tags,
      aliases: [],
      breaks: true,
      body,
      images: bodyImages(body, articles, [root]),
      attention: [...attention, ...bodyProblems(body)],
      extra: keys.rest(),
    };
    const updated = laterUpdate(date, dates?.last, options);
    if (updated) post.updated = updated;
    if (post.published && options.user) post.originalUrl = `https://zenn.dev/${options.user}/articles/${slug}`;
    posts.push(post);
  }
  return { kind: 'zenn', posts, failures };
}

/** True when `path` looks like a zenn-cli repository: `articles/*.md` with Zenn's keys (emoji, topics, type). */
export function looksLikeZenn(path: string): boolean {
  return hasPostsWithKeys(join(zennRoot(path), 'articles'), ['emoji', 'topics', 'type']);
}
