/**
 * Highlighting does not depend on the machine's speed (src/markdown/highlight-without-time-limit.ts):
 * a clock that jumps 600 ms at every reading stands for a loaded machine, on which shiki's default
 * time limit leaves the rest of a line unhighlighted.
 */
import { createHighlighter } from 'shiki';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codeTransformers } from '../../src/markdown/code-blocks.ts';
import { highlightWithoutTimeLimit } from '../../src/markdown/highlight-without-time-limit.ts';

const code = 'const answer = compute(41) + 1; export default { answer, label: "done" };';
const highlighter = await createHighlighter({ themes: ['github-dark'], langs: ['ts'] });
const html = (transformers: ReturnType<typeof highlightWithoutTimeLimit>[]) =>
  highlighter.codeToHtml(code, { lang: 'ts', theme: 'github-dark', transformers });

function slowClock() {
  let now = 0;
  vi.spyOn(Date, 'now').mockImplementation(() => (now += 600));
}

afterEach(() => vi.restoreAllMocks());

describe('highlighting under a slow clock', () => {
  it('shiki alone stops tokenizing the line (what the transformer guards against)', () => {
    const fast = html([]);
    slowClock();
    expect(html([])).not.toBe(fast);
  });

  it('with the transformer, the line is highlighted as on an idle machine', () => {
    const fast = html([highlightWithoutTimeLimit()]);
    slowClock();
    expect(html([highlightWithoutTimeLimit()])).toBe(fast);
    expect(fast.match(/<span style/gu)?.length).toBeGreaterThan(10);
  });

  it("is one of the site's code transformers", () => {
    expect(codeTransformers().map((t) => t.name)).toContain('highlight-without-time-limit');
  });
});
