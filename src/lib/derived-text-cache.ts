/**
 * Summaries and reading times kept between builds, in node_modules/.cache/derived-text.json: a rebuild
 * takes them from there instead of reading every post's text again (0.15-0.25 s of the main thread
 * at 1,000 posts, in a rebuild that changed one post). Entries are keyed by what they are made from
 * (`derivedTextKey`: the rendered HTML, description, title and language), and the file by a hash of
 * the code that makes them, so a change to the summary rules makes them all again. Only a speed-up:
 * a file that cannot be read or written is left aside with a warning.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { codeFingerprint } from './code-fingerprint.ts';
import { derivedTextKey, type DerivedText, type PostEntry, type TextCache } from './post-index.ts';

interface Kept {
  code: string;
  entries: Record<string, DerivedText>;
}

/** The derived text kept in `file` for `code`, and what this build adds or uses, to keep for the next. */
export class DerivedTextCache implements TextCache {
  readonly #file: string;
  readonly #code: string;
  readonly #kept = new Map<string, DerivedText>();
  readonly #used = new Map<string, DerivedText>();
  #added = false;

  constructor(file: string, code: string) {
    this.#file = file;
    this.#code = code;
    try {
      const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<Kept> | null;
      if (kept?.code !== code) return;
      for (const [key, value] of Object.entries(kept.entries ?? {})) {
        if (typeof value?.summary !== 'string' || typeof value.readingMinutes !== 'number') throw new Error(`an entry is not a summary: ${key}`);
        this.#kept.set(key, value);
      }
    } catch (error) {
      this.#kept.clear();
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`[derived-text] could not read ${file} (${String(error)}); summaries are made afresh`);
    }
  }

  key(entry: PostEntry, lang: string): string {
    return derivedTextKey(entry, lang);
  }

  get(key: string): DerivedText | undefined {
    const value = this.#kept.get(key);
    if (value) this.#used.set(key, value);
    return value;
  }

  set(key: string, value: DerivedText): this {
    this.#used.set(key, value);
    this.#added = true;
    return this;
  }

  /** Keeps what this build used (and nothing else) for the next build, when it made anything new. */
  save(): void {
    if (!this.#added && this.#used.size === this.#kept.size) return;
    try {
      mkdirSync(dirname(this.#file), { recursive: true });
      const tmp = `${this.#file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ code: this.#code, entries: Object.fromEntries(this.#used) } satisfies Kept));
      renameSync(tmp, this.#file);
    } catch (error) {
      console.warn(`[derived-text] could not keep summaries in ${this.#file} (${String(error)})`);
    }
  }
}

/** The project's derived text kept between builds, for the code in the project folder `root`. */
export function projectDerivedTextCache(root: string): DerivedTextCache {
  const code = codeFingerprint(root, [join(root, 'src', 'lib', 'post-index.ts')]);
  return new DerivedTextCache(join(root, 'node_modules', '.cache', 'derived-text.json'), code);
}
