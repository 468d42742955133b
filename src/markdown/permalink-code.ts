/**
 * A GitHub permalink to lines (`https://github.com/o/r/blob/<ref>/src/a.ts#L1-L3`) alone in a paragraph
 * shows those lines as a code block, from the copy fetched into the store: a Markdown `code` node, so
 * the site's code pipeline highlights it like any fence, titled `o/r/src/a.ts#L1-L3`. A hast plugin
 * then makes that title a link to the permalink.
 */
import type { Element, ElementContent } from 'hast';
import type { Custom, HastNode, HastPluginEntry } from 'satteri';
import type { CodeEntry } from './link-card-store.ts';
import { httpUrl } from './embeds.ts';
import { element } from './mdast-elements.ts';

const WRAPPER = 'permalink-code';
/** A language name as code fences write it; anything else shows as plain text. */
const LANG = /^[A-Za-z0-9_+#.-]{1,30}$/u;

/** The code block for `url` from its stored lines. */
export function permalinkCodeNode(url: string, entry: CodeEntry): Custom {
  const lines = entry.endLine > entry.startLine ? `L${entry.startLine}-L${entry.endLine}` : `L${entry.startLine}`;
  // The title goes in the fence's meta string as title="...": a quote would end it early.
  const title = `${entry.repo}/${entry.path}#${lines}`.replace(/["\n\r]/gu, '');
  return element('div', { className: [WRAPPER], dataPermalink: url }, [
    { type: 'code', lang: LANG.test(entry.lang) ? entry.lang : 'text', meta: `title="${title}"`, value: entry.code.replace(/\n$/u, '') },
  ]);
}

const hasClass = (node: Element, name: string) => {
  const classes = node.properties?.className;
  return Array.isArray(classes) && classes.includes(name);
};

/** `node` with its code title (`span.code-title`, code-blocks.ts) made a link to `href`; `found` says whether it had one. */
function linkTitle(node: ElementContent, href: string, found: { title: boolean }): ElementContent {
  if (node.type !== 'element') return node;
  if (node.tagName === 'span' && hasClass(node, 'code-title')) {
    found.title = true;
    return { ...node, tagName: 'a', properties: { ...node.properties, href } };
  }
  return { ...node, children: node.children.map((child) => linkTitle(child, href, found)) };
}

/**
 * Makes the title of each permalink's code block a link to the permalink, and drops the wrapper. Runs
 * after the code is highlighted (Astro runs its highlighter before the site's hast plugins); where
 * nothing highlighted it, the block gets a caption of its own.
 */
export const permalinkCaptions: HastPluginEntry = {
  name: 'permalink-captions',
  element: {
    filter: ['div'],
    visit(node, ctx) {
      if (!hasClass(node, WRAPPER)) return;
      const permalink = node.properties?.dataPermalink;
      const href = typeof permalink === 'string' ? httpUrl(permalink)?.href : undefined;
      const found = { title: false };
      const children = href ? node.children.map((child) => linkTitle(child, href, found)) : node.children;
      if (href && !found.title) {
        const caption: ElementContent = {
          type: 'element',
          tagName: 'figcaption',
          properties: {},
          children: [{ type: 'element', tagName: 'a', properties: { className: ['code-title'], href }, children: [{ type: 'text', value: permalinkTitle(href) }] }],
        };
        ctx.replaceNode(node, { type: 'element', tagName: 'figure', properties: { className: ['code-block'] }, children: [caption, ...children] } as HastNode);
        return;
      }
      ctx.replaceNode(node, children as HastNode[]);
    },
  },
};

/** `o/r/path#L1-L3` of a permalink, for a caption made without the highlighter's title. */
function permalinkTitle(href: string): string {
  const url = new URL(href);
  const [, owner, repo, , , ...path] = url.pathname.split('/');
  let file = path.join('/');
  try {
    file = decodeURIComponent(file);
  } catch {
    // Shown as written.
  }
  return `${owner}/${repo}/${file}${url.hash}`;
}
