/**
 * The Markdown pipeline for posts: Astro's Rust processor (Sätteri) with GFM, plus the rules that
 * Japanese text needs. Sätteri takes JavaScript mdast/hast plugins at a fraction of the unified
 * (remark) pipeline's cost, so every rule here is one of those plugins or a cheap pre-pass.
 */
import { satteri } from '@astrojs/markdown-satteri';
import { site } from '../site.config.ts';
import { ui } from '../lib/ui.ts';
import { cjkLineBreaks } from './cjk-line-breaks.ts';
import { prepareCjkEmphasis, releasePrepared, removeEmphasisSentinels } from './cjk-emphasis.ts';
import { headings } from './headings.ts';
import { postImages } from './images.ts';
import { baseLinks } from './base-links.ts';
import { missingImages } from './missing-images.ts';
import { rawHtml } from './raw-html.ts';

type Processor = ReturnType<typeof satteri>;

/** `base`: the site's base path (`/`, or `/blog/` for a site hosted under a sub-path). */
export function japaneseMarkdown({ base = '/' }: { base?: string } = {}): Processor {
  const t = ui(site.lang);
  const inner = satteri({
    mdastPlugins: [removeEmphasisSentinels, cjkLineBreaks, missingImages, rawHtml],
    hastPlugins: [headings, postImages, ...(base === '/' ? [] : [baseLinks(base)])],
    features: {
      gfm: { footnotes: { label: t.footnotes, backLabel: t.backToReference } },
    },
  });
  return {
    ...inner,
    async createRenderer(shared) {
      const renderer = await inner.createRenderer(shared);
      return {
        ...renderer,
        async render(content, options) {
          const source = prepareCjkEmphasis(content);
          try {
            return await renderer.render(source, options);
          } finally {
            if (source !== content) releasePrepared(source);
          }
        },
      };
    },
  };
}
