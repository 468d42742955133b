/**
 * Loads posts with Astro's `glob` loader, and makes sure nothing the author wrote is silently lost:
 *
 * - every file under the posts folder is a post (`.md`) or an image a post shows; anything else fails;
 * - a post's id is its path without `.md` (Unicode NFC), so its URL is `/posts/<path>/`;
 * - two files that would share a URL fail, also when they differ only in case (hosts such as
 *   macOS or Windows file systems, and many CDNs, treat those as one);
 * - dates are validated as the author wrote them: js-yaml turns `2022-13-45` into a real Date, so the
 *   schema is given the written text of `date` and `updated`;
 * - a post that fails to render fails the build (the glob loader would only log it).
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parse as parseYaml } from 'yaml';
import { checkPostFiles, listPostFolder, postIdFromPath } from './post-files.ts';

/** Frontmatter keys whose written text the schema validates itself. */
const DATE_KEYS = ['date', 'updated'] as const;

export interface PostsLoaderOptions {
  /** The posts folder, relative to the project root. */
  base: string;
}

/**
 * The frontmatter's date keys as written (strings), read with YAML 1.2, which has no timestamp type.
 * Returns nothing for TOML frontmatter, whose parser already rejects impossible dates.
 */
export function writtenDates(fileText: string): Partial<Record<(typeof DATE_KEYS)[number], unknown>> {
  // The same frontmatter block Astro reads (see @astrojs/internal-helpers/frontmatter).
  const match = /(?:^\uFEFF?|^\s*\n)---([\s\S]*?\n)---/u.exec(fileText);
  if (!match) return {};
  let raw: unknown;
  try {
    raw = parseYaml(match[1]!);
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

export function postsLoader({ base }: PostsLoaderOptions): Loader {
  const inner = glob({
    pattern: '**/*.md',
    base,
    generateId: ({ entry }) => postIdFromPath(entry),
  });
  return {
    name: 'posts-loader',
    load: async (context: LoaderContext) => {
      const root = fileURLToPath(context.config.root);
      const baseDir = join(root, base);
      const folder = `${relative(root, baseDir).split(sep).join('/')}/`;
      const problems = checkPostFiles(listPostFolder(baseDir), folder);
      if (problems.length > 0) throw new Error(`Posts that cannot be published:\n- ${problems.join('\n- ')}`);

      const parseData: LoaderContext['parseData'] = async (props) => {
        const data: Record<string, unknown> = { ...props.data };
        if (props.filePath) {
          const written = writtenDates(readFileSync(props.filePath, 'utf8'));
          for (const key of DATE_KEYS) {
            if (key in written && data[key] instanceof Date) data[key] = written[key];
          }
        }
        return context.parseData({ ...props, data: data as typeof props.data });
      };

      const set: LoaderContext['store']['set'] = (entry) => {
        if (entry.filePath && !entry.rendered && !entry.deferredRender) {
          throw new Error(`${entry.filePath}: the Markdown could not be rendered (see the error above)`);
        }
        return context.store.set(entry);
      };
      // The store keeps private state: forward every other member bound to the real store.
      const store = new Proxy(context.store, {
        get(target, prop) {
          if (prop === 'set') return set;
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });

      await inner.load({ ...context, parseData, store });
    },
  };
}
