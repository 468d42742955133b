/**
 * The Markdown pipeline for posts: Astro's Rust processor (Sätteri) with GFM, plus the rules that
 * Japanese text needs, and shiki's code highlighting. Sätteri takes JavaScript mdast/hast plugins at
 * a fraction of the unified (remark) pipeline's cost, so every rule here is one of those plugins or a
 * cheap pre-pass. Content sync renders posts in a worker thread beside the main thread
 * (src/markdown/render-threads.ts).
 *
 * The entry of src/markdown/, whose one concern is a post's Markdown made into HTML. The folder may
 * import src/blog/, src/typesetting/, src/site.config.ts and src/build-speed/code-fingerprint.ts,
 * never posts, pages or integrations (docs/architecture.md). It has no README: every file in it is
 * hashed into the Markdown fingerprint (fingerprint.ts), and a README there would render every post
 * again whenever it was edited.
 */
import { satteri } from '@astrojs/markdown-satteri';
import { site } from '../site.config.ts';
import { ui } from '../blog/ui.ts';
import { lineBreaks } from './line-breaks.ts';
import { prepareContainers } from './containers.ts';
import { githubAlerts } from './github-alerts.ts';
import { contentsMarker } from './contents-marker.ts';
import { codeFenceDialects } from './code-fence-dialects.ts';
import { imageSizesAndCaptions, prepareImageSizes, sizedImageSizes } from './image-sizes-and-captions.ts';
import { prepareInlineFootnotes } from './inline-footnotes.ts';
import { diagrams } from './diagrams.ts';
import { math } from './math.ts';
import { prepareLooseDollars } from './math-dollars.ts';
import { linkBlocks } from './link-blocks.ts';
import { permalinkCaptions } from './permalink-code.ts';
import { prepareCjkEmphasis, releasePrepared, removeEmphasisSentinels } from './cjk-emphasis.ts';
import { headings } from './headings.ts';
import { hyphenatedWords } from './hyphenated-words.ts';
import { emphasisMarks } from './emphasis-marks.ts';
import { postImages } from './images.ts';
import { taskListLabels } from './task-list-labels.ts';
import { baseLinks } from './base-links.ts';
import { missingImages } from './missing-images.ts';
import { containRenderedPost, rawHtml } from './raw-html.ts';
import { codeTransformers } from './code-blocks.ts';
import { normalizeLineEndings } from './line-endings.ts';
import { codeTheme } from './code-theme.ts';
import { renderInWorker } from './render-threads.ts';

type Processor = ReturnType<typeof satteri>;
type Shared = Parameters<Processor['createRenderer']>[0];

export interface MarkdownOptions {
  /** The site's base path (`/`, or `/blog/` for a site hosted under a sub-path). */
  base?: string;
}

/**
 * The posts' Markdown processor. Rendering happens in a worker thread where one can be used
 * (src/markdown/render-threads.ts), with the very renderer `localMarkdown` makes.
 */
export function japaneseMarkdown(options: MarkdownOptions = {}): Processor {
  const local = localMarkdown(options);
  return {
    ...local,
    async createRenderer(shared) {
      const renderer = await local.createRenderer(shared);
      // The worker sets shiki's theme and transformers as this thread does (withCodeHighlighting):
      // functions cannot be handed to a thread.
      const { shikiConfig, ...rest } = shared as Record<string, unknown> & { shikiConfig?: Record<string, unknown> };
      const { transformers: _, theme: __, ...shiki } = shikiConfig ?? {};
      return renderInWorker(renderer, { options: { base: options.base ?? '/' }, shared: { ...rest, shikiConfig: shiki } });
    },
  };
}

/**
 * Code is highlighted with the site's theme and code-block rules (src/markdown/code-theme.ts,
 * code-blocks.ts), set here and not in astro.config.mjs, so that the worker thread that renders
 * posts builds the same highlighter from the same modules.
 */
function withCodeHighlighting(shared: Shared): Shared {
  const { shikiConfig } = shared as { shikiConfig?: object };
  return { ...shared, shikiConfig: { ...shikiConfig, theme: codeTheme, transformers: codeTransformers() } } as Shared;
}

/** The processor, rendering on the thread it is called on. */
export function localMarkdown({ base = '/' }: MarkdownOptions = {}): Processor {
  const t = ui(site.lang);
  const options: Parameters<typeof satteri>[0] = {
    mdastPlugins: [math, removeEmphasisSentinels, imageSizesAndCaptions, lineBreaks, githubAlerts, codeFenceDialects, linkBlocks({ base }), missingImages, rawHtml, diagrams(site.lang)],
    hastPlugins: [permalinkCaptions, headings, hyphenatedWords, emphasisMarks, contentsMarker, postImages, sizedImageSizes, taskListLabels, ...(base === '/' ? [] : [baseLinks(base)])],
    features: {
      gfm: { footnotes: { label: t.footnotes, backLabel: t.backToReference } },
      // `$…$`, `$$…$$`: their `_`, `*` and `\\` are never read as Markdown (src/markdown/math.ts).
      math: true,
    },
  };
  const inner = satteri(options);
  // MDX compiles to JSX, which cannot hold raw HTML strings: the HTML our plugins make (math, cards,
  // callouts) is parsed into elements there instead.
  const mdxInner = satteri({ ...options, features: { ...options.features, rawHtml: true } });
  return {
    ...inner,
    async createRenderer(shared) {
      const renderer = await inner.createRenderer(withCodeHighlighting(shared));
      return {
        ...renderer,
        render: (content, options) =>
          withPrepasses(content, options?.frontmatter, false, async (source) => containRenderedPost(await renderer.render(source, options), source, options?.fileURL)),
      };
    },
    // `.mdx` posts: @astrojs/mdx compiles them with this processor (Vite's transform, on the main
    // thread: no worker), with the same plugins, code theme and pre-passes as `.md` ones.
    async createMdxRenderer(shared, mdx) {
      const renderer = await mdxInner.createMdxRenderer!(withCodeHighlighting(shared as Shared) as typeof shared, mdx);
      return {
        ...renderer,
        process: (content, filePath, frontmatter) =>
          withPrepasses(content, frontmatter, true, (source) => renderer.process(source, filePath, frontmatter)),
      };
    },
  };
}

/**
 * Renders `content` after the source pre-passes for what the parser has no syntax for; each returns
 * its input unchanged when the post has none of it. The emphasis pre-pass comes last: it keeps a list
 * of the sources it made. In MDX the pre-passes read the source as Markdown: JSX and `import` lines
 * are HTML and paragraphs to them, which they leave alone unless those hold their syntax (`:::` at a
 * line's start, `^[`, `=250x)`, or `$` pairs and `*` runs in an `{expression}`).
 */
async function withPrepasses<T>(
  content: string,
  frontmatter: Record<string, unknown> | undefined,
  mdx: boolean,
  render: (source: string) => Promise<T>,
): Promise<T> {
  const lang = typeof frontmatter?.lang === 'string' ? frontmatter.lang : site.lang;
  const text = normalizeLineEndings(content);
  const dialect = prepareLooseDollars(prepareInlineFootnotes(prepareImageSizes(prepareContainers(text, lang, { mdx }))));
  const source = prepareCjkEmphasis(dialect);
  try {
    return await render(source);
  } finally {
    if (source !== dialect) releasePrepared(source);
  }
}
