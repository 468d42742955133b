/**
 * Code is highlighted to the end of every line, however slow the machine. shiki stops tokenizing a
 * line once its `tokenizeTimeLimit` (500 ms by default) has passed and leaves the rest of the line
 * unhighlighted, so a build on a loaded machine differed from one on an idle machine, and the degraded
 * page was kept by the content cache. Astro's highlighter does not pass shiki's options through, so
 * this transformer sets the limit off (0) before each block is tokenized: two builds of the same posts
 * give the same bytes.
 */
import type { ShikiTransformer } from 'shiki';

export function highlightWithoutTimeLimit(): ShikiTransformer {
  return {
    name: 'highlight-without-time-limit',
    preprocess(_code, options) {
      options.tokenizeTimeLimit = 0;
    },
  };
}
