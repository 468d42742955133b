/**
 * The colours of highlighted code: one shiki theme whose colours are CSS custom properties
 * (`--code-token-keyword`, ...), given light and dark values in src/styles/global.css. One theme means
 * each code block is tokenized once; two themes (light and dark) tokenized every block twice, about
 * 1 s of a 1,000-post build, and wrote two colours into every token.
 */
import { createCssVariablesTheme } from 'shiki/core';

export const codeTheme = createCssVariablesTheme({ name: 'code', variablePrefix: '--code-' });
