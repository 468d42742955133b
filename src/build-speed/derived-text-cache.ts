/**
 * Summaries and reading times kept between builds, in node_modules/.cache/derived-text.json: a rebuild
 * takes them from there instead of reading every post's text again on the main thread
 * (docs/performance.md). Entries are keyed by what they are made from
 * (`derivedTextKey`: the rendered HTML, description, title and language), and the file by a hash of
 * the code that makes them, so a change to the summary rules makes them all again. Only a speed-up:
 * a file that cannot be read or written is left aside with a warning.
 *
 * The file is a header line (the code's hash, and the size and content hash of the rest, recorded
 * when it is written) and the entries. Entries whose bytes are not the ones recorded (an edited
 * summary, a truncated file) are all left aside with a warning: a summary is never taken from a file
 * changed since the build that wrote it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { codeFingerprint } from './code-fingerprint.ts';
import { contentHash } from './folder-record.ts';
import { derivedTextKey, type DerivedText, type PostEntry, type TextCache } from '../blog/post-index.ts';

/** The file's first line. */
interface Header {
  version: typeof FORMAT;
  code: string;
  /** The size in bytes and the content hash of the rest of the file, the entries. */
  size: number;
  hash: string;
}

/** The file's layout: a file of another (older) layout is left aside as one of other code is. */
const FORMAT = 2;

class ChangedSinceWritten extends Error {}

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
      const bytes = readFileSync(file);
      const newline = bytes.indexOf(0x0a);
      const header = JSON.parse(bytes.subarray(0, newline < 0 ? bytes.length : newline).toString('utf8')) as Partial<Header> | null;
      if (header?.version !== FORMAT || header.code !== code) return;
      const body = bytes.subarray(newline + 1);
      if (newline < 0 || body.length !== header.size) throw new ChangedSinceWritten(`${newline < 0 ? 0 : body.length} bytes of entries, ${String(header.size)} when written`);
      if (contentHash(body) !== header.hash) throw new ChangedSinceWritten('the entries\' bytes changed');
      const entries = JSON.parse(body.toString('utf8')) as Record<string, Partial<DerivedText> | null> | null;
      for (const [key, value] of Object.entries(entries ?? {})) {
        if (typeof value?.summary !== 'string' || typeof value.readingMinutes !== 'number') throw new Error(`an entry is not a summary: ${key}`);
        this.#kept.set(key, value as DerivedText);
      }
    } catch (error) {
      this.#kept.clear();
      if (error instanceof ChangedSinceWritten) console.warn(`[derived-text] ${file} changed since the build that wrote it (${error.message}); summaries are made afresh`);
      else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`[derived-text] could not read ${file} (${String(error)}); summaries are made afresh`);
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
      const body = Buffer.from(JSON.stringify(Object.fromEntries(this.#used)));
      const header: Header = { version: FORMAT, code: this.#code, size: body.length, hash: contentHash(body) };
      writeFileSync(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
      renameSync(tmp, this.#file);
    } catch (error) {
      console.warn(`[derived-text] could not keep summaries in ${this.#file} (${String(error)})`);
    }
  }
}

/** The project's derived text kept between builds, for the code in the project folder `root`. */
export function projectDerivedTextCache(root: string): DerivedTextCache {
  const code = codeFingerprint(root, [join(root, 'src', 'blog', 'post-index.ts')]);
  return new DerivedTextCache(join(root, 'node_modules', '.cache', 'derived-text.json'), code);
}
