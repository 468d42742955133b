/**
 * Link cards, embeds and GitHub code from a paragraph that is only a URL or an embed
 * (src/markdown/find-card-urls.ts says which paragraphs, for this plugin and the card fetcher alike):
 * a card from the committed store (src/markdown/link-card-store.ts, read from the post's project, again when
 * the file changes), an embed that loads nothing until the reader asks (src/markdown/embeds.ts), or
 * the lines a GitHub permalink points at (src/markdown/permalink-code.ts).
 *
 * An embed that cannot be made (`@[youtube](javascript:...)`, an unknown `@[name]`) stays the text it
 * is written as, and the build names the post: `[embed] <post>: <what is wrong>`.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin, type MdastPluginEntry, type MdastVisitorContext } from 'satteri';
import { isLinkBlockPlace, linkBlockOf, mayHaveLinkBlocks } from './find-card-urls.ts';
import { loadStore, storeFileFor, type LinkCardStore } from './link-card-store.ts';
import { site } from '../site.config.ts';
import { SENTINEL } from './cjk-emphasis.ts';
import { embedNode } from './embeds.ts';
import { cardNode } from './link-card.ts';
import { text } from './mdast-elements.ts';
import { permalinkCodeNode } from './permalink-code.ts';

export interface LinkBlockOptions {
  /** The site's base path (`/`, or `/blog/` for a site under a sub-path): card images are served under it. */
  base?: string;
}

/** Quick test on a paragraph's source before anything else is looked at. */
const MAY_BE_BLOCK = /^(?:https?:\/\/|<https?:\/\/|@\[|\[https?:\/\/)/iu;

function postLang(ctx: MdastVisitorContext): string {
  const astro = ctx.data.astro as { frontmatter?: { lang?: unknown } } | undefined;
  const lang = astro?.frontmatter?.lang;
  return typeof lang === 'string' && lang ? lang : site.lang;
}

function warn(ctx: MdastVisitorContext, problem: string): void {
  const post = ctx.fileURL?.protocol === 'file:' ? relative(process.cwd(), fileURLToPath(ctx.fileURL)) : '(post)';
  console.warn(`[embed] ${post}: ${problem}`);
}

/** The plugin, for a site at `base`. */
export function linkBlocks({ base = '/' }: LinkBlockOptions = {}): MdastPluginEntry {
  return (document) => {
    if (!mayHaveLinkBlocks(document.source)) return null;
    let store: LinkCardStore | undefined;
    const storeOf = () => (store ??= loadStore(storeFileFor(document.fileURL)));
    return defineMdastPlugin({
      name: 'link-blocks',
      options: { position: true },
      paragraph(node, ctx) {
        if (!node.position) return;
        const source = ctx.source.slice(node.position.start.offset, node.position.end.offset).replaceAll(SENTINEL, '').trim();
        if (!MAY_BE_BLOCK.test(source) || !isLinkBlockPlace(ctx.parent(node))) return;
        const block = linkBlockOf(source);
        if (!block) return;
        switch (block.kind) {
          case 'text':
            warn(ctx, block.problem);
            // As written, as text: a Markdown link there would point nowhere (`@[youtube](id)`).
            ctx.replaceNode(node, { type: 'paragraph', children: [text(source)] });
            return;
          case 'embed':
            ctx.replaceNode(node, embedNode(block.embed, postLang(ctx)));
            return;
          case 'card': {
            if (block.problem) warn(ctx, block.problem);
            const card = cardNode(block.url, storeOf().cards[block.url], { base });
            if (card) ctx.replaceNode(node, card);
            return;
          }
          case 'code': {
            const entry = storeOf().code[block.url];
            const replacement = entry ? permalinkCodeNode(block.url, entry) : cardNode(block.url, undefined, { base });
            if (replacement) ctx.replaceNode(node, replacement);
            return;
          }
        }
      },
    });
  };
}
