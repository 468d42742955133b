/**
 * The colours of highlighted code: one shiki theme whose colours are CSS custom properties
 * (`--code-token-keyword`, ...), given light and dark values in src/styles/global.css. One theme means
 * each code block is tokenized once; two themes (light and dark) tokenized every block twice (a cost
 * in every build with code, docs/performance.md) and wrote two colours into every token.
 */
import { createCssVariablesTheme } from 'shiki/core';
import type { ThemeRegistration } from 'shiki';

const base = createCssVariablesTheme({ name: 'code', variablePrefix: '--code-' });
const fg = base.colors!['editor.foreground']!;
const bg = base.colors!['editor.background']!;

/**
 * Shaped so that shiki has nothing to change in it: shiki normalizes a theme partly in place (it adds
 * a default entry to `tokenColors` and rewrites `colors`), and Astro hashes the config, theme included,
 * to decide whether a rebuild may reuse pages. A theme that changed once code was highlighted made
 * every rebuild after a cold build render everything again.
 */
export const codeTheme: ThemeRegistration = {
  name: base.name!,
  type: base.type!,
  fg,
  bg,
  settings: [{ settings: { foreground: fg, background: bg } }, ...(base.tokenColors ?? [])],
};
