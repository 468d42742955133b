/**
 * Whether a post has math, for the pages that send the math stylesheet only then
 * (src/components/MathStyles.astro). Apart from src/markdown/math.ts so that pages do not bundle KaTeX.
 */

/** Whether rendered post HTML has math (typeset, or shown as an error), so needs the math stylesheet. */
export function hasMath(html: string): boolean {
  // With the `<`: text that merely mentions the class (in code) has it escaped.
  return html.includes('<span class="katex">') || html.includes('<div class="math-error">') || html.includes('<span class="math-error">');
}
