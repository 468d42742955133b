/**
 * The remote images a post shows (`![alt](https://…)`, `![alt][ref]`, Zenn's `![alt](https://… =250x)`
 * and `<img src="https://…">` in its HTML), for the card fetcher (`npm run cards`) to record their
 * sizes: a build never reaches the network, and an image without a size makes the page shift when it
 * loads (src/markdown/images.ts gives the recorded size to the image). Code is skipped, as the page
 * shows it as code.
 */
import { markdownToMdast, type MdastNode } from 'satteri';
import { prepareContainers } from './containers.ts';
import { stripFrontmatter } from './frontmatter.ts';
import { prepareImageSizes } from './image-sizes-and-captions.ts';
import { imgTagAttributes } from './raw-img-tags.ts';
import { imageStoreKey } from './link-card-store.ts';

/**
 * The remote images of a post (its Markdown file), as the store keys them (src/markdown/link-card-store.ts's
 * `imageStoreKey`), in order of appearance, each once.
 */
export function findRemoteImages(markdown: string): string[] {
  if (!markdown.includes('http')) return [];
  // The body as the Markdown pipeline parses it (src/markdown/processor.ts): containers become HTML
  // blocks, and a Zenn size after the address no longer hides the image from the parser.
  const body = prepareImageSizes(prepareContainers(stripFrontmatter(markdown), 'en'));
  const tree = markdownToMdast(body, { features: { gfm: true, math: true } });
  const definitions = new Map<string, string>();
  const sources: string[] = [];
  const references: string[] = [];
  const visit = (node: MdastNode) => {
    if (node.type === 'image') sources.push(node.url);
    else if (node.type === 'imageReference') references.push(node.identifier);
    else if (node.type === 'definition') definitions.set(node.identifier, node.url);
    else if (node.type === 'html') for (const attributes of imgTagAttributes(node.value)) sources.push(attributes.get('src') ?? '');
    if ('children' in node) for (const child of node.children as MdastNode[]) visit(child);
  };
  visit(tree);
  // References read in order after the images: the order only decides which is fetched first.
  for (const identifier of references) sources.push(definitions.get(identifier) ?? '');
  const keys = new Set<string>();
  for (const src of sources) {
    const key = imageStoreKey(src.trim());
    if (key) keys.add(key);
  }
  return [...keys];
}
