/** What makes every post render again (src/markdown/fingerprint.ts, src/build-speed/code-fingerprint.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markdownFingerprint } from '../../src/markdown/fingerprint.ts';

const root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

describe('the Markdown pipeline fingerprint', () => {
  write('src/markdown/processor.ts', "import { rule } from './rule.ts';\nexport const p = rule;\n");
  write('src/markdown/rule.ts', "import { words } from '../lib/words.ts';\nexport const rule = words;\n");
  write('src/lib/words.ts', 'export const words = 1;\n');
  write('src/lib/feeds.ts', 'export const feeds = 1;\n');
  write('astro.config.mjs', "import { feeds } from './src/lib/feeds.ts';\nexport default { markdown: {} };\n");
  write('package-lock.json', '{"lockfileVersion":3}');

  it('changes with the pipeline, what it imports, the config and the packages', () => {
    let last = markdownFingerprint(root);
    expect(markdownFingerprint(root)).toBe(last);
    for (const [path, text] of [
      ['src/markdown/rule.ts', "import { words } from '../lib/words.ts';\nexport const rule = words + 1;\n"],
      ['src/lib/words.ts', 'export const words = 2;\n'],
      ['src/markdown/new-rule.ts', 'export const x = 1;\n'],
      ['astro.config.mjs', "import { feeds } from './src/lib/feeds.ts';\nexport default { markdown: { gfm: false } };\n"],
      ['package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
    ] as const) {
      write(path, text);
      const next = markdownFingerprint(root);
      expect(next, path).not.toBe(last);
      last = next;
    }
  });

  it('does not change with code the pipeline does not use', () => {
    const before = markdownFingerprint(root);
    write('src/lib/feeds.ts', 'export const feeds = 2;\n'); // imported by the config, not the pipeline
    write('src/pages/index.astro', '<p>home</p>');
    expect(markdownFingerprint(root)).toBe(before);
  });
});
