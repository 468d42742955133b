/**
 * The layers of docs/architecture.md, kept: every import between the files of `src/` goes up the
 * table (or stays in its folder), no two files import each other round, and the pure domain
 * (`src/blog/`, `src/typesetting/`) reads no file system and no Astro. Read from the source text:
 * `import … from`, `export … from`, `import '…'`, `import('…')` and `new URL('…', import.meta.url)`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { srcCodeFiles } from '../helpers/code-files.ts';
import { projectRoot } from '../helpers/site.ts';

const src = join(projectRoot, 'src');

/** The rows of docs/architecture.md's table: a place may import only from rows above its own. */
const ROWS: readonly (readonly string[])[] = [
  ['memo.ts', 'site.config.ts', 'project/'],
  ['typesetting/'],
  ['blog/'],
  ['build-speed/'],
  ['markdown/'],
  ['posts/', 'content.config.ts'],
  ['feeds/', 'search/', 'share-images/', 'link-cards/'],
  ['integrations/', 'middleware.ts'],
  ['components/'],
  ['layouts/'],
  ['pages/'],
];

/** Not code: styles, posts and data, images. Anything may read them. */
const DATA = ['styles/', 'content/', 'assets/'];

/**
 * The exceptions docs/architecture.md names, as `from -> to` (files, or folders ending in `/`).
 */
const ALLOWED = new Set([
  // The schema declares the collection with the posts loader: one row, two places.
  'content.config.ts -> posts/',
  // The types of the share-image settings, a file that imports nothing, kept beside the code it configures.
  'site.config.ts -> share-images/settings.ts',
]);

/** The place of `file` (relative to src/, with `/`): its folder with a slash, or the file at the top. */
function placeOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash + 1);
}

function rowOf(place: string): number | undefined {
  const row = ROWS.findIndex((places) => places.includes(place));
  return row < 0 ? undefined : row;
}


const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/gu,
  /\bimport\s*['"]([^'"]+)['"]/gu,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gu,
  // A module started as a thread (a folder named this way is not an import).
  /\bnew\s+URL\(\s*['"]([^'"]+\.(?:ts|mjs|js))['"]\s*,\s*import\.meta\.url\s*\)/gu,
];

/** The specifiers `file` (relative to src/) imports. */
function specifiersOf(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  return SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}

/** The project file a relative specifier of `file` names, relative to src/ (or outside it, with `../`). */
function target(file: string, specifier: string): string {
  const path = resolve(dirname(join(src, file)), specifier.split(/[?#]/u)[0]!);
  const found = [path, `${path}.ts`, join(path, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile()) ?? path;
  return relative(src, found).split(sep).join('/');
}

// Declarations (env.d.ts) import nothing the layers are about.
const files = srcCodeFiles().filter((file) => !file.endsWith('.d.ts'));
const imports = new Map(files.map((file) => [file, specifiersOf(file).filter((s) => s.startsWith('.')).map((s) => target(file, s))]));

describe('the layers of src/ (docs/architecture.md)', () => {
  it('reads the imports it checks', () => {
    // Else the checks below would pass on nothing.
    expect(files.length).toBeGreaterThan(100);
    expect([...imports.values()].flat().length).toBeGreaterThan(300);
    expect(imports.get('pages/posts/[...slug].astro')).toContain('layouts/Post.astro');
    expect(imports.get('markdown/render-threads.ts')).toContain('markdown/render-worker.ts');
  });

  it('puts every file of src/ in a row of the table', () => {
    const unplaced = files.filter((file) => !DATA.includes(placeOf(file)) && rowOf(placeOf(file)) === undefined);
    expect(unplaced).toEqual([]);
  });

  it('has every import go up the table, stay in its folder, or be a named exception', () => {
    const wrong: string[] = [];
    for (const [file, targets] of imports) {
      const from = placeOf(file);
      for (const to of targets) {
        if (to.startsWith('../')) {
          wrong.push(`${file} -> ${to} (outside src/)`);
          continue;
        }
        const place = placeOf(to);
        if (place === from || DATA.includes(place)) continue;
        if ([`${from} -> ${place}`, `${file} -> ${place}`, `${from} -> ${to}`].some((pair) => ALLOWED.has(pair))) continue;
        const [a, b] = [rowOf(from), rowOf(place)];
        if (a === undefined || b === undefined || b >= a) wrong.push(`${file} -> ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files (a thread started from its own folder aside)', () => {
    // render-threads.ts starts render-worker.ts as a thread, which builds the same renderer.
    const edges = new Map([...imports].map(([file, targets]) => [file, targets.filter((to) => !(file === 'markdown/render-threads.ts' && to === 'markdown/render-worker.ts'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const to of edges.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the pure domain pure: no file system and no Astro in src/blog/ and src/typesetting/', () => {
    const impure = files
      .filter((file) => ['blog/', 'typesetting/'].includes(placeOf(file)))
      .flatMap((file) => specifiersOf(file).filter((s) => /^(node:)?fs(\/|$)|^astro(:|\/|$)/u.test(s)).map((s) => `${file} imports ${s}`));
    expect(impure).toEqual([]);
  });
});
