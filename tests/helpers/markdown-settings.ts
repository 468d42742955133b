/**
 * Astro's Markdown settings as it hands them to a processor: its defaults, but the image settings
 * (processor.ts sets shiki's theme and transformers itself; tests/contract/markdown-satteri-settings.test.ts
 * compares them with the installed Astro's). And a renderer of post bodies made with the blog's own
 * processor, for tests that need the HTML a post's page really has.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { localMarkdown } from '../../src/markdown/processor.ts';

type Settings = Parameters<ReturnType<typeof localMarkdown>['createRenderer']>[0];

export const astroMarkdownSettings = {
  syntaxHighlight: { type: 'shiki', excludeLangs: ['math'] },
  shikiConfig: { langs: [], theme: 'github-dark', themes: {}, wrap: false, transformers: [], langAlias: {} },
  // Astro 7 leaves both unset, and the processor's defaults (on) apply.
  gfm: undefined,
  smartypants: undefined,
} as unknown as Settings;

/** Renders Markdown as the body of `post` (a path from the project root) with the blog's processor. */
export async function postRenderer(post = 'src/content/posts/a.md') {
  const renderer = await localMarkdown().createRenderer(astroMarkdownSettings);
  const fileURL = pathToFileURL(join(process.cwd(), post));
  return async (markdown: string) => (await renderer.render(markdown, { fileURL })).code;
}
