/**
 * Loads posts with Astro's `glob` loader, and makes sure nothing the author wrote is silently lost:
 *
 * - every file under the posts folder is a post (`.md`, or `.mdx` with the MDX integration) or an
 *   image a post shows; anything else fails;
 * - a post's id is its path without `.md`/`.mdx` (Unicode NFC), so its URL is `/posts/<path>/`; a
 *   page bundle's `index.md` stands for its folder (`my-trip/index.md` is `/posts/my-trip/`);
 * - two files that would share a URL fail, also when they differ only in case (hosts such as
 *   macOS or Windows file systems, and many CDNs, treat those as one);
 * - frontmatter that is not a mapping of keys (a list, or a single value) fails with that said, not
 *   as three missing keys;
 * - dates are validated as the author wrote them: js-yaml turns `2022-13-45` into a real Date, so the
 *   schema is given the written text of `date` and `updated`;
 * - a post that fails to render fails the build (the glob loader would only log it);
 * - in `astro dev`, a post saved in place (emptied, then written) is read as saved, never as the empty
 *   file in between (src/posts/post-saves.ts).
 *
 * Every bad post is recorded in `postProblems()` with its file and field, and left out of the
 * collection. In `astro dev` (when there is a file watcher) that does not stop the server: each is
 * logged, and shown in the browser by the pages until it is fixed. `astro build` reads every post and
 * then stops once, naming all of them, so that one run tells the author everything to fix.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parse as parseYaml } from 'yaml';
import { checkPostFolder, isPostFile, listPostFolder, postIdFromPath } from './post-files.ts';
import { describeProblem, describeProblems, postProblems, problemText, unreadableFrontmatterText } from '../blog/post-problems.ts';
import { announceFreshPosts, freshPosts } from './fresh-posts.ts';
import { readSavedPost, settledWatcher, type LoaderWatcher, type SettledWatcher } from './post-saves.ts';
import { markdownFingerprint } from '../markdown/fingerprint.ts';
import { mdxProseHtml } from '../markdown/mdx-prose.ts';
import { site } from '../site.config.ts';

/** Marks the data of a post that could not be read or validated (in `astro dev` only). */
const INVALID = '__invalidPost';

/** Frontmatter keys whose written text the schema validates itself. */
const DATE_KEYS = ['date', 'updated'] as const;

export interface PostsLoaderOptions {
  /** The posts folder, relative to the project root. */
  base: string;
}

/**
 * The date keys of a raw frontmatter block as written (strings), read with YAML 1.2, which has no
 * timestamp type. Returns nothing for TOML frontmatter, whose parser already rejects impossible dates.
 */
export function writtenDates(rawFrontmatter: string): Partial<Record<(typeof DATE_KEYS)[number], unknown>> {
  return simpleWrittenDates(rawFrontmatter) ?? parsedWrittenDates(rawFrontmatter);
}

// `date: 2022-02-23` (or a date-time), unquoted or quoted, at the top level and nothing else on the line.
const SIMPLE_DATE_LINE = /^(date|updated):[ \t]*(["']?)(\d{4}-\d{2}-\d{2}(?:[Tt ][0-9:.]+(?:[Zz]|[+-]\d{2}:?\d{2})?)?)\2[ \t]*(?:#.*)?$/u;
const DATE_KEY_LINE = /^(?:date|updated)\s*:/u;

/**
 * The common case without a YAML parser (parsing every post's frontmatter a second time costs the
 * main thread time for every post, docs/performance.md): each date key on a line of its own, as
 * above. Anything else (no such line is fine) returns undefined, and the full parse decides.
 */
function simpleWrittenDates(rawFrontmatter: string): Partial<Record<(typeof DATE_KEYS)[number], unknown>> | undefined {
  const out: Partial<Record<(typeof DATE_KEYS)[number], unknown>> = {};
  for (const line of rawFrontmatter.split(/\r?\n/u)) {
    if (!DATE_KEY_LINE.test(line)) continue;
    const m = SIMPLE_DATE_LINE.exec(line.trimEnd());
    if (!m || m[1]! in out) return undefined;
    out[m[1] as (typeof DATE_KEYS)[number]] = m[3];
  }
  return out;
}

function parsedWrittenDates(rawFrontmatter: string): Partial<Record<(typeof DATE_KEYS)[number], unknown>> {
  let raw: unknown;
  try {
    raw = parseYaml(rawFrontmatter);
  } catch {
    return {}; // Astro reports broken YAML itself, with the line.
  }
  if (!raw || typeof raw !== 'object') return {};
  const out: Partial<Record<(typeof DATE_KEYS)[number], unknown>> = {};
  for (const key of DATE_KEYS) {
    if (key in raw) out[key] = (raw as Record<string, unknown>)[key];
  }
  return out;
}

/**
 * What is wrong with a post's frontmatter as a whole, if anything: it must be a mapping of keys. Astro
 * passes a YAML list on as it is, and turns a single value (`---\njust text\n---`) into no keys at
 * all, which the schema would report as three missing keys. `data` is what Astro parsed, `raw` the
 * frontmatter as written; only a frontmatter without keys is parsed again.
 */
export function frontmatterShapeProblem(data: unknown, raw: string): string | undefined {
  const problem = (what: string) =>
    `the frontmatter must be a mapping of keys, one "key: value" a line (title: …, date: …, published: …), not ${what}`;
  if (Array.isArray(data)) return problem('a list');
  if (!data || typeof data !== 'object' || Object.keys(data).length > 0 || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch {
    return undefined; // TOML, or YAML Astro has reported already
  }
  if (Array.isArray(parsed)) return problem('a list');
  if (parsed !== null && parsed !== undefined && typeof parsed !== 'object') return problem(`a single value (${JSON.stringify(parsed)})`);
  return undefined;
}

/** The content store's record of the Markdown pipeline its posts were rendered with. */
const PIPELINE = 'markdown-pipeline';

/** The watcher the last dev load handed the glob loader: a new load (Astro's refresh) replaces it. */
let devWatcher: SettledWatcher | undefined;

export function postsLoader({ base }: PostsLoaderOptions): Loader {
  const inner = glob({
    // `.mdx` posts are rendered when a page asks for them (Astro's deferred render), not here.
    pattern: '**/*.{md,mdx}',
    base,
    // `index.md` directly in the posts folder has no id of its own: the file name stands in, and
    // checkPostFolder stops the build (or shows the problem in dev).
    generateId: ({ entry }) => postIdFromPath(entry) || entry,
    // Pages use the rendered HTML, never the Markdown source: not keeping it halves the content store
    // that builds hold in memory and that `astro dev` writes and reads again after every save.
    retainBody: false,
  });
  return {
    name: 'posts-loader',
    load: async (context: LoaderContext) => {
      const root = fileURLToPath(context.config.root);
      const baseDir = join(root, base);
      const dev = context.watcher !== undefined;
      let loaded = false; // after the first load, the dev server's pages get saved posts at once
      // Dev only: the glob loader gets each post's events one at a time, and a change the watcher
      // dropped during an in-place save is found once the save has settled.
      const watch = context.watcher
        ? settledWatcher(context.watcher as unknown as LoaderWatcher, { settles: (path) => path.startsWith(baseDir) && isPostFile(path) })
        : undefined;
      /** Saved posts whose text was read again after a half-saved first read: the glob loader's digest is of the first. */
      const readAgain = new Map<string, string>();
      const problems = postProblems();
      // A build reports what this load finds, and nothing a previous load in the process left.
      if (!dev) problems.clear();
      const shown = (filePath: string) => relative(root, filePath).split(sep).join('/');
      /** Records a bad post; the dev server says so at once, a build once it has read every post. */
      const record = (filePath: string, error: unknown) => {
        const message = problemText(error);
        problems.set(shown(filePath), message);
        if (dev) context.logger.error(describeProblem(shown(filePath), message));
      };

      const folder = `${relative(root, baseDir).split(sep).join('/')}/`;
      /** Checks which files the folder holds; in dev, again whenever a file comes or goes. */
      const checkFiles = () => {
        const fileProblems = checkPostFolder(baseDir, folder);
        if (fileProblems.length === 0) return problems.delete(shown(baseDir));
        return record(baseDir, fileProblems.join('\n'));
      };
      checkFiles();

      // Astro re-renders a post only when its file changes: when the Markdown pipeline changed since
      // the store was filled, every post is rendered again (src/markdown/fingerprint.ts).
      const pipeline = markdownFingerprint(root);
      if (context.meta.get(PIPELINE) !== pipeline) {
        if (context.meta.has(PIPELINE)) context.logger.info('the Markdown pipeline changed: rendering every post again');
        context.store.clear();
        context.meta.set(PIPELINE, pipeline);
      }

      // Astro reads each post's frontmatter here. The dates go to the schema as written (from the raw
      // frontmatter Astro returns beside the parsed data); a post whose frontmatter cannot be read
      // (broken YAML) or is not a mapping of keys is recorded.
      type EntryInfo = { data: Record<string, unknown>; rawData?: string };
      type EntryArgs = { contents: string; fileUrl: URL };
      type EntryType = { getEntryInfo: (args: EntryArgs) => Promise<EntryInfo> };
      // `entryTypes` is not part of the loader context Astro documents (tests/contract/astro-loader-context.test.ts):
      // without it, dates and broken frontmatter would go unchecked, so the build stops instead.
      const astroEntryTypes = (context as unknown as { entryTypes?: Map<string, EntryType> }).entryTypes;
      if (!(astroEntryTypes instanceof Map)) {
        throw new Error(
          "Astro no longer gives loaders `entryTypes`, through which src/posts/posts-loader.ts reads each post's frontmatter as written: see tests/contract/astro-loader-context.test.ts",
        );
      }
      // What went through the wrappers, to tell when the glob loader stops using them.
      let entryInfoCalls = 0;
      let setCalls = 0;
      const entryTypes = new Map(
        [...astroEntryTypes].map(([ext, type]) => [
          ext,
          {
            ...type,
            getEntryInfo: async (read: EntryArgs): Promise<EntryInfo> => {
              entryInfoCalls++;
              let args = read;
              if (watch && loaded) {
                // A save in progress reads empty or cut short: read it again before taking it as written.
                const file = fileURLToPath(read.fileUrl);
                const contents = await readSavedPost(file, read.contents);
                watch.noteRead(file, contents);
                if (contents !== read.contents) {
                  readAgain.set(file, contents);
                  args = { ...read, contents };
                }
              }
              let info: EntryInfo;
              try {
                info = await type.getEntryInfo(args);
              } catch (error) {
                record(fileURLToPath(args.fileUrl), unreadableFrontmatterText(error));
                return { data: { [INVALID]: true }, rawData: '' };
              }
              const shapeProblem = frontmatterShapeProblem(info.data, info.rawData ?? '');
              if (shapeProblem) {
                record(fileURLToPath(args.fileUrl), shapeProblem);
                return { data: { [INVALID]: true }, rawData: '' };
              }
              const written = writtenDates(info.rawData ?? '');
              const data = { ...info.data };
              for (const key of DATE_KEYS) {
                if (key in written && data[key] instanceof Date) data[key] = written[key];
              }
              return { ...info, data };
            },
          },
        ]),
      );

      const parseData: LoaderContext['parseData'] = async (props) => {
        if ((props.data as Record<string, unknown>)[INVALID]) return props.data;
        try {
          return await context.parseData(props);
        } catch (error) {
          if (!props.filePath) throw error;
          record(props.filePath, error);
          return { ...props.data, [INVALID]: true };
        }
      };

      const fresh = freshPosts<object>();
      const set: LoaderContext['store']['set'] = (entry) => {
        setCalls++;
        const file = entry.filePath ? join(root, entry.filePath) : undefined;
        const text = file === undefined ? undefined : readAgain.get(file);
        if (file !== undefined && text !== undefined) {
          // The glob loader's digest is of the half-saved first read: a later save first read the same
          // way would match it and be skipped as unchanged. The entry carries the digest of its text.
          readAgain.delete(file);
          entry = { ...entry, digest: context.generateDigest(text) };
        }
        if ((entry.data as Record<string, unknown>)[INVALID]) {
          // Leave a bad post out until it is fixed; its problem is shown instead.
          context.store.delete(entry.id);
          if (loaded) {
            fresh.removed.add(entry.id);
            announceFreshPosts();
          }
          return false;
        }
        if (file) problems.delete(shown(file));
        if (entry.filePath && !entry.rendered && !entry.deferredRender) {
          const message = 'the Markdown could not be rendered (see the error above)';
          if (dev) throw new Error(`${entry.filePath}: ${message}`);
          record(join(root, entry.filePath), message);
          return false;
        }
        // An `.mdx` post's page renders its body; the post index reads its prose (src/markdown/mdx-prose.ts).
        if (entry.filePath && entry.deferredRender && !entry.rendered) {
          const written = (entry.data as Record<string, unknown>).lang;
          const lang = typeof written === 'string' ? written : site.lang;
          entry = { ...entry, rendered: { html: mdxProseHtml(readFileSync(join(root, entry.filePath), 'utf8'), lang), metadata: {} } };
        }
        const stored = context.store.set(entry);
        if (loaded && stored !== false) {
          fresh.changed.set(entry.id, { ...entry, collection: 'posts' });
          fresh.removed.delete(entry.id);
          announceFreshPosts();
        }
        return stored;
      };
      // The store keeps private state: forward every other member bound to the real store.
      const store = new Proxy(context.store, {
        get(target, prop) {
          if (prop === 'set') return set;
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });

      context.watcher?.on('add', (path) => {
        if (path.startsWith(baseDir)) checkFiles();
      });
      context.watcher?.on('unlink', (path) => {
        if (path.startsWith(baseDir)) checkFiles();
        problems.delete(shown(path));
        if (isPostFile(path)) {
          fresh.removed.add(postIdFromPath(relative(baseDir, path)));
          announceFreshPosts();
        }
      });
      // Two files with one id are named by checkPostFolder, with both files; Astro's own check would stop
      // at the first pair, before the other posts are read.
      const config = { ...context.config, prerenderConflictBehavior: 'ignore' as const };
      const watcher = watch?.watcher ?? context.watcher;
      const storeWasEmpty = [...context.store.keys()].length === 0;
      await inner.load({ ...context, config, parseData, store, entryTypes, watcher } as LoaderContext);
      const postCount = listPostFolder(baseDir).filter(isPostFile).length;
      if (postCount > 0 && entryInfoCalls === 0) {
        throw new Error(
          'the glob loader did not read the posts through the entry types it was given (dates and broken frontmatter would go unchecked): see tests/contract/astro-loader-context.test.ts',
        );
      }
      if (storeWasEmpty && postCount > 0 && setCalls === 0 && [...context.store.keys()].length > 0) {
        throw new Error('the glob loader stored posts without the store it was given (drafts and bad posts would go unchecked): see tests/contract/astro-loader-context.test.ts');
      }
      if (watch) {
        // The last load's glob loader served saves until this one listened: now it stops.
        devWatcher?.close();
        devWatcher = watch;
      }
      loaded = dev;
      if (!dev && problems.size > 0) {
        const error = new Error(describeProblems(problems));
        // Where in the loader the build stopped helps no author: Astro prints a stack only when there is one.
        error.stack = '';
        throw error;
      }
    },
  };
}
