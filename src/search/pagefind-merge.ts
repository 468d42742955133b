/**
 * Merges Pagefind bundles made from disjoint sets of pages into the one bundle Pagefind would have
 * written for all of them, so that the search index can be made in parts: each part needs a small
 * fraction of the memory (Pagefind holds every word of every page while it writes, so its memory
 * grows with the site: docs/performance.md), and a rebuild indexes again only the parts whose posts
 * changed. Readers get a single index, as if it had been made at once: every searched word still
 * costs one index chunk.
 *
 * A bundle (Pagefind 1.6, one language) is:
 * - `pagefind-entry.json`: the version, and per language the metadata file's hash and page count;
 * - `pagefind.<hash>.pf_meta`: the pages (fragment hash and word count), the index chunks (first
 *   word, last word, hash), filters, sorts and the metadata fields used;
 * - `index/<hash>.pf_index`: the words, sorted by their UTF-8 bytes, each with the pages it is on
 *   (page numbers as deltas from the one before) and its spellings with diacritics;
 * - `fragment/<hash>.pf_fragment`: each page's text and metadata, independent of the others;
 * - the scripts, styles and WebAssembly, the same in every bundle of one Pagefind version.
 * The .pf_* files are gzipped CBOR (JSON for fragments) after the bytes `pagefind_dcd`.
 *
 * The merge reads each part's chunks one at a time in word order and streams a k-way merge of them,
 * so it holds a few chunks at a time, not the whole index. Page numbers are offset by the pages of
 * the parts before; each page's positions are copied as bytes (positions in metadata are renumbered
 * when the parts list different metadata fields). Given the pages in the same order, the result is
 * Pagefind's own index of all of them, chunk for chunk (tests/unit/pagefind-merge.test.ts). Anything
 * in a bundle this file does not know (another Pagefind version, filters, sorts, another layout) is
 * an error that names it, never a silent loss.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { linkOrCopyFile } from '../build-speed/link-files.ts';

const gzipAsync = promisify(gzip);

const SIGNATURE = Buffer.from('pagefind_dcd');
/**
 * The Pagefind whose bundles this merge reads: another may lay them out differently, and is refused
 * (src/search/search-integration.ts then indexes all pages at once). tests/contract/pagefind-index.test.ts
 * fails when the installed Pagefind is another.
 */
const PAGEFIND_FORMAT = /^1\.6\./u;

/** Whether this merge reads the bundles of Pagefind `version`. */
export function mergesBundlesOf(version: string): boolean {
  return PAGEFIND_FORMAT.test(version);
}

/**
 * Word positions per index chunk, as Pagefind sizes them (a chunk is one download per searched word),
 * with Pagefind's own way to change it, which the tests use to make many small chunks.
 */
function chunkPositions(): number {
  return Number(process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE']) || 20_000;
}

export class PagefindMergeError extends Error {
  override name = 'PagefindMergeError';
}

interface Entry {
  version: string;
  languages: Record<string, { hash: string; wasm: string | null; page_count: number }>;
  [other: string]: unknown;
}

interface Chunk {
  from: string;
  to: string;
  hash: string;
}

interface Part {
  dir: string;
  lang: string;
  entry: Entry;
  /** Each page's fragment, word count, and its other field (Pagefind 1.6 writes "") as bytes. */
  pages: { hash: string; wordCount: number; rest: Buffer }[];
  chunks: Chunk[];
  /** The metadata fields (title, date, ...) by the number a word's positions in metadata use. */
  metaFields: string[];
  /** The first page number this part's pages take in the merged bundle. */
  offset: number;
  /** For each of this part's metadata field numbers, the merged bundle's; undefined when the same. */
  fieldNumbers: number[] | undefined;
}

/** What a bundle's metadata file says: its pages, its chunks' word ranges, its metadata fields. */
export interface PagefindMeta {
  version: string;
  lang: string;
  pages: { hash: string; wordCount: number }[];
  chunks: Chunk[];
  metaFields: string[];
}

/** Reads a Pagefind bundle's metadata (for tests, and to check a bundle before merging it). */
export function readPagefindMeta(dir: string): PagefindMeta {
  const { entry, lang, pages, chunks, metaFields } = readPart(dir);
  return { version: entry.version, lang, pages: pages.map(({ hash, wordCount }) => ({ hash, wordCount })), chunks, metaFields };
}

/**
 * Writes into `target` (a folder that should not exist yet, or be empty) one bundle holding every
 * page of the bundles in `parts`, in their order. Returns how many pages it holds.
 */
export async function mergePagefindBundles(parts: readonly string[], target: string): Promise<number> {
  if (parts.length === 0) throw new PagefindMergeError('no search index parts to merge');
  const read = parts.map(readPart);
  const [first] = read as [Part, ...Part[]];
  // Fields sorted by name, as Pagefind numbers them for an index of all the pages.
  const metaFields = [...new Set(read.flatMap((part) => part.metaFields))].sort();
  let pageCount = 0;
  for (const part of read) {
    if (part.entry.version !== first.entry.version || part.lang !== first.lang) {
      throw new PagefindMergeError(
        `${part.dir} was made by Pagefind ${part.entry.version} in "${part.lang}", ${first.dir} by ${first.entry.version} in "${first.lang}"`,
      );
    }
    part.offset = pageCount;
    pageCount += part.pages.length;
    const numbers = part.metaFields.map((field) => metaFields.indexOf(field));
    part.fieldNumbers = numbers.every((n, i) => n === i) ? undefined : numbers;
  }

  mkdirSync(join(target, 'fragment'), { recursive: true });
  mkdirSync(join(target, 'index'), { recursive: true });
  copyBundleFiles(first.dir, target);
  const pages = copyFragments(read, target);
  const chunks = await writeChunks(read, target, first.lang);

  const meta = new Writer()
    .array(6)
    .text(first.entry.version)
    .array(pages.length);
  for (const page of pages) meta.array(3).text(page.hash).uint(page.wordCount).raw(page.rest);
  meta.array(chunks.length);
  for (const chunk of chunks) meta.array(3).text(chunk.from).text(chunk.to).text(chunk.hash);
  meta.array(0).array(0).array(metaFields.length);
  for (const field of metaFields) meta.text(field);
  const metaBytes = meta.bytes();
  const metaHash = `${first.lang}_${sha256(metaBytes).slice(0, 10)}`;
  await writeFile(join(target, `pagefind.${metaHash}.pf_meta`), await pack(metaBytes));

  const language = first.entry.languages[first.lang]!;
  const entry: Entry = { ...first.entry, languages: { [first.lang]: { ...language, hash: metaHash, page_count: pageCount } } };
  writeFileSync(join(target, 'pagefind-entry.json'), JSON.stringify(entry));
  return pageCount;
}

function readPart(dir: string): Part {
  const fail = (what: string) => new PagefindMergeError(`${dir}: ${what}`);
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8')) as Entry;
  } catch (error) {
    throw fail(`no readable pagefind-entry.json (${String(error)})`);
  }
  if (!mergesBundlesOf(String(entry.version))) {
    throw fail(`was made by Pagefind ${String(entry.version)}; this merge reads the bundles of Pagefind 1.6 (src/search/pagefind-merge.ts)`);
  }
  const langs = Object.keys(entry.languages ?? {});
  if (langs.length !== 1) throw fail(`holds ${langs.length} languages; only a one-language index can be merged`);
  const lang = langs[0]!;
  const reader = new Reader(unpack(join(dir, `pagefind.${entry.languages[lang]!.hash}.pf_meta`)), dir);
  reader.array(6);
  reader.text(); // the version, also in the entry file
  const pages = Array.from({ length: reader.array() }, () => {
    reader.array(3);
    const hash = reader.text();
    const wordCount = reader.uint();
    const start = reader.pos;
    reader.skip();
    return { hash, wordCount, rest: reader.bytesFrom(start) };
  });
  const chunks = Array.from({ length: reader.array() }, () => {
    reader.array(3);
    return { from: reader.text(), to: reader.text(), hash: reader.text() };
  });
  if (reader.array() !== 0) throw fail('has filters (data-pagefind-filter), which cannot be merged');
  if (reader.array() !== 0) throw fail('has sort orders (data-pagefind-sort), which cannot be merged');
  const metaFields = Array.from({ length: reader.array() }, () => reader.text());
  return { dir, lang, entry, pages, chunks, metaFields, offset: 0, fieldNumbers: undefined };
}

/** Pagefind's scripts, styles and WebAssembly: everything but the index itself, from one part. */
function copyBundleFiles(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    if (name === 'pagefind-entry.json' || name.endsWith('.pf_meta')) continue;
    if (statSync(join(from, name)).isDirectory()) {
      // fragment/ and index/ are merged; filter/ is refused with the metadata that names it.
      if (name === 'fragment' || name === 'index' || name === 'filter') continue;
      throw new PagefindMergeError(`${from}: holds a folder this merge does not know, ${name}/`);
    }
    linkOrCopyFile(join(from, name), join(to, name));
  }
}

/**
 * Puts every page's fragment into the merged index (linked, see src/build-speed/link-files.ts). Fragments
 * are named by a 7-digit hash of their content, unique within a part but not across parts (at
 * 10,000 pages, two different pages share one about one build in five): a clash with different
 * content takes a longer name.
 */
function copyFragments(parts: readonly Part[], target: string): Part['pages'] {
  /** The names written so far, with a hash of what each holds. */
  const taken = new Map<string, string>();
  const pages: Part['pages'] = [];
  for (const part of parts) {
    for (const page of part.pages) {
      const file = join(part.dir, 'fragment', `${page.hash}.pf_fragment`);
      const content = sha256(readFileSync(file));
      let hash = page.hash;
      for (let extra = 4; taken.has(hash) && taken.get(hash) !== content; extra++) hash = `${page.hash}${content.slice(0, extra)}`;
      if (!taken.has(hash)) {
        taken.set(hash, content);
        linkOrCopyFile(file, join(target, 'fragment', `${hash}.pf_fragment`));
      }
      pages.push({ ...page, hash });
    }
  }
  return pages;
}

/** One word's pages in one part: each page as its absolute number and its positions' bytes. */
interface PageRun {
  pages: number[];
  /** Each page's fields after its number (positions in the text, positions in metadata), as bytes. */
  rest: Buffer[];
  /** Its size as Pagefind counts a chunk's. */
  count: number;
}

interface PartWord {
  key: Buffer;
  part: number;
  pages: PageRun;
  variants: { key: Buffer; pages: PageRun }[];
}

/** A part's words in order, read one index chunk at a time. */
class WordStream {
  private readonly part: Part;
  private readonly index: number;
  private chunk = 0;
  private reader: Reader | undefined;
  private left = 0;
  current: PartWord | undefined;

  constructor(part: Part, index: number) {
    this.part = part;
    this.index = index;
    this.advance();
  }

  advance(): void {
    while (this.left === 0) {
      if (this.chunk >= this.part.chunks.length) {
        this.current = undefined;
        return;
      }
      const { hash } = this.part.chunks[this.chunk++]!;
      this.reader = new Reader(unpack(join(this.part.dir, 'index', `${hash}.pf_index`)), `${this.part.dir}/index/${hash}`);
      this.reader.array(1);
      this.left = this.reader.array();
    }
    this.left--;
    const reader = this.reader!;
    reader.array(3);
    const key = reader.textBytes();
    const pages = this.pageRun(reader);
    const variants = Array.from({ length: reader.array() }, () => {
      reader.array(2);
      return { key: reader.textBytes(), pages: this.pageRun(reader) };
    });
    this.current = { key, part: this.index, pages, variants };
  }

  private pageRun(reader: Reader): PageRun {
    const run: PageRun = { pages: [], rest: [], count: 0 };
    const numbers = this.part.fieldNumbers;
    let page = this.part.offset;
    for (let n = reader.array(); n > 0; n--) {
      reader.array(3);
      page += reader.uint();
      const start = reader.pos;
      // Pagefind sizes chunks by each page's positions in the text and in the metadata, plus one.
      const positions = reader.peekArrayLength();
      reader.skip();
      const inMeta = reader.peekArrayLength();
      run.count += positions + inMeta + 1;
      if (numbers) {
        // Positions in metadata name their field by number (-1 - n before its positions): renumber.
        const rest = new Writer().raw(reader.bytesFrom(start)).array(reader.array());
        for (let i = 0; i < inMeta; i++) {
          const value = reader.int();
          rest.int(value < 0 ? -1 - numbers[-1 - value]! : value);
        }
        run.rest.push(rest.bytes());
      } else {
        reader.skip();
        run.rest.push(reader.bytesFrom(start));
      }
      run.pages.push(page);
    }
    return run;
  }
}

/**
 * Writes the merged words into index chunks of Pagefind's size; returns their ranges and names.
 * Chunks are compressed on libuv's threads while the merge goes on (most of the time at 10,000 posts).
 */
async function writeChunks(parts: readonly Part[], target: string, lang: string): Promise<Chunk[]> {
  const heap = new MinHeap<WordStream>((a, b) => compareWords(a.current!, b.current!));
  parts.forEach((part, i) => {
    const stream = new WordStream(part, i);
    if (stream.current) heap.push(stream);
  });

  const chunks: Chunk[] = [];
  const written: Promise<void>[] = [];
  const chunkSize = chunkPositions();
  let words = new Writer();
  let wordCount = 0;
  let positions = 0;
  let firstWord = '';
  let lastWord = '';
  const flush = () => {
    const body = new Writer().array(1).array(wordCount).raw(words.bytes()).bytes();
    let hash = `${lang}_${sha256(body).slice(0, 7)}`;
    for (let length = 8; chunks.some((c) => c.hash === hash); length++) hash = `${lang}_${sha256(body).slice(0, length)}`;
    const file = join(target, 'index', `${hash}.pf_index`);
    written.push(pack(body).then((packed) => writeFile(file, packed)));
    chunks.push({ from: firstWord, to: lastWord, hash });
    words = new Writer();
    wordCount = 0;
    positions = 0;
  };

  while (heap.size > 0) {
    // Every part's entry for the smallest word, in part order so that page numbers keep rising.
    const same: PartWord[] = [];
    const key = heap.peek().current!.key;
    while (heap.size > 0 && heap.peek().current!.key.equals(key)) {
      const stream = heap.pop();
      same.push(stream.current!);
      stream.advance();
      if (stream.current) heap.push(stream);
    }
    same.sort((a, b) => a.part - b.part);

    const variants = new Map<string, { key: Buffer; runs: PageRun[] }>();
    for (const word of same) {
      for (const variant of word.variants) {
        const name = variant.key.toString('latin1');
        const found = variants.get(name) ?? variants.set(name, { key: variant.key, runs: [] }).get(name)!;
        found.runs.push(variant.pages);
      }
    }
    words.array(3).textBytes(key);
    positions += writeRuns(words, same.map((w) => w.pages));
    words.array(variants.size);
    for (const variant of variants.values()) {
      words.array(2).textBytes(variant.key);
      positions += writeRuns(words, variant.runs) + 1; // as Pagefind counts a chunk's size
    }
    if (wordCount === 0) firstWord = key.toString('utf8');
    lastWord = key.toString('utf8');
    wordCount++;
    if (positions >= chunkSize) flush();
  }
  if (wordCount > 0) flush();
  await Promise.all(written);

  // Chunk ranges meet at the shortest prefixes that tell them apart, as Pagefind writes them; a
  // range's end is not cut shorter than its start (one word, or words that share a long prefix).
  for (let i = 0; i + 1 < chunks.length; i++) {
    const [before, after] = shortestPrefixes(chunks[i]!.to, chunks[i + 1]!.from);
    if (Buffer.compare(Buffer.from(before), Buffer.from(chunks[i]!.from)) >= 0) chunks[i]!.to = before;
    chunks[i + 1]!.from = after;
  }
  return chunks;
}

/** Writes the pages of one word from several parts as one list; returns its size in positions. */
function writeRuns(out: Writer, runs: readonly PageRun[]): number {
  let total = 0;
  let count = 0;
  for (const run of runs) {
    count += run.pages.length;
    total += run.count;
  }
  out.array(count);
  let previous = 0;
  for (const run of runs) {
    for (let i = 0; i < run.pages.length; i++) {
      out.array(3).uint(run.pages[i]! - previous).raw(run.rest[i]!);
      previous = run.pages[i]!;
    }
  }
  return total;
}

function compareWords(a: PartWord, b: PartWord): number {
  return Buffer.compare(a.key, b.key) || a.part - b.part;
}

function shortestPrefixes(a: string, b: string): [string, string] {
  const left = [...a];
  const right = [...b];
  let common = 0;
  while (common < left.length && common < right.length && left[common] === right[common]) common++;
  return [left.slice(0, common + 1).join(''), right.slice(0, common + 1).join('')];
}

function unpack(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(readFileSync(file));
  } catch (error) {
    throw new PagefindMergeError(`${file}: cannot be read (${String(error)})`);
  }
  if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new PagefindMergeError(`${file}: not a Pagefind index file`);
  return bytes.subarray(SIGNATURE.length);
}

/**
 * Gzips an index file. zlib's default level, not its best: level 9 takes several times as long for
 * index files hardly smaller (docs/performance.md).
 */
function pack(body: Buffer): Promise<Buffer> {
  return gzipAsync(Buffer.concat([SIGNATURE, body]), { level: 6, memLevel: 9 });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads the CBOR that Pagefind writes: definite lengths only. */
class Reader {
  pos = 0;
  private readonly buf: Buffer;
  private readonly name: string;

  constructor(buf: Buffer, name: string) {
    this.buf = buf;
    this.name = name;
  }

  private head(): [number, number] {
    if (this.pos >= this.buf.length) throw new PagefindMergeError(`${this.name}: ends too early`);
    const byte = this.buf[this.pos++]!;
    const major = byte >> 5;
    const info = byte & 31;
    let value: number;
    if (info < 24) value = info;
    else if (info === 24) value = this.buf[this.pos++]!;
    else if (info === 25) (value = this.buf.readUInt16BE(this.pos)), (this.pos += 2);
    else if (info === 26) (value = this.buf.readUInt32BE(this.pos)), (this.pos += 4);
    else if (info === 27) (value = Number(this.buf.readBigUInt64BE(this.pos))), (this.pos += 8);
    else throw new PagefindMergeError(`${this.name}: unexpected CBOR (type ${major}, ${info}) at byte ${this.pos - 1}`);
    return [major, value];
  }

  private expect(major: number, what: string): number {
    const at = this.pos;
    const [found, value] = this.head();
    if (found !== major) throw new PagefindMergeError(`${this.name}: expected ${what} at byte ${at}`);
    return value;
  }

  /** An array's length; with `length`, an array of exactly that many items, as Pagefind 1.6 writes it. */
  array(length?: number): number {
    const at = this.pos;
    const found = this.expect(4, 'an array');
    if (length !== undefined && found !== length) {
      throw new PagefindMergeError(`${this.name}: expected ${length} fields at byte ${at}, found ${found}: not laid out as Pagefind 1.6 lays it out`);
    }
    return found;
  }

  int(): number {
    const at = this.pos;
    const [major, value] = this.head();
    if (major === 0) return value;
    if (major === 1) return -1 - value;
    throw new PagefindMergeError(`${this.name}: expected a number at byte ${at}`);
  }

  peekArrayLength(): number {
    const at = this.pos;
    const length = this.array();
    this.pos = at;
    return length;
  }

  uint(): number {
    return this.expect(0, 'a number');
  }

  textBytes(): Buffer {
    const length = this.expect(3, 'a string');
    this.pos += length;
    return this.buf.subarray(this.pos - length, this.pos);
  }

  text(): string {
    return this.textBytes().toString('utf8');
  }

  bytesFrom(start: number): Buffer {
    return this.buf.subarray(start, this.pos);
  }

  skip(): void {
    const [major, value] = this.head();
    if (major === 2 || major === 3) this.pos += value;
    else if (major === 4) for (let i = 0; i < value; i++) this.skip();
    else if (major === 5) for (let i = 0; i < value * 2; i++) this.skip();
    else if (major === 6) this.skip();
  }
}

/** Writes CBOR with the shortest heads, as minicbor (Pagefind's encoder) does. */
class Writer {
  private parts: Buffer[] = [];
  private scratch = Buffer.alloc(4096);
  private used = 0;

  private ensure(n: number): void {
    if (this.used + n <= this.scratch.length) return;
    this.parts.push(this.scratch.subarray(0, this.used));
    this.scratch = Buffer.alloc(Math.max(4096, n));
    this.used = 0;
  }

  private head(major: number, value: number): this {
    this.ensure(9);
    const b = this.scratch;
    const m = major << 5;
    if (value < 24) b[this.used++] = m | value;
    else if (value < 0x100) (b[this.used++] = m | 24), (b[this.used++] = value);
    else if (value < 0x10000) (b[this.used++] = m | 25), b.writeUInt16BE(value, this.used), (this.used += 2);
    else if (value < 0x100000000) (b[this.used++] = m | 26), b.writeUInt32BE(value, this.used), (this.used += 4);
    else (b[this.used++] = m | 27), b.writeBigUInt64BE(BigInt(value), this.used), (this.used += 8);
    return this;
  }

  array(length: number): this {
    return this.head(4, length);
  }

  uint(value: number): this {
    return this.head(0, value);
  }

  int(value: number): this {
    return value < 0 ? this.head(1, -1 - value) : this.head(0, value);
  }

  text(value: string): this {
    return this.textBytes(Buffer.from(value, 'utf8'));
  }

  textBytes(value: Buffer): this {
    return this.head(3, value.length).raw(value);
  }

  raw(bytes: Buffer): this {
    if (bytes.length > 512) {
      this.parts.push(this.scratch.subarray(0, this.used), bytes);
      this.scratch = this.scratch.subarray(this.used);
      this.used = 0;
      return this;
    }
    this.ensure(bytes.length);
    bytes.copy(this.scratch, this.used);
    this.used += bytes.length;
    return this;
  }

  bytes(): Buffer {
    return Buffer.concat([...this.parts, this.scratch.subarray(0, this.used)]);
  }
}

/** A binary min-heap: the next word of each part, smallest first. */
class MinHeap<T> {
  private items: T[] = [];
  private readonly less: (a: T, b: T) => number;

  constructor(less: (a: T, b: T) => number) {
    this.less = less;
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T {
    return this.items[0]!;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.less(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && this.less(items[l]!, items[min]!) < 0) min = l;
        if (r < items.length && this.less(items[r]!, items[min]!) < 0) min = r;
        if (min === i) break;
        [items[i], items[min]] = [items[min]!, items[i]!];
        i = min;
      }
    }
    return top;
  }
}
