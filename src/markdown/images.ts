/**
 * Images in posts, before Astro's image pipeline turns the ones it optimizes (files beside the post)
 * into responsive `<img srcset>`:
 * - `sizes` says how wide the image shows (the text column, or the screen less its margins on phones),
 *   so browsers pick the smallest sharp enough file from the srcset. Only those images get it: `sizes`
 *   without a srcset is invalid HTML and tells the browser nothing;
 * - the first image of a post is likely what a reader sees first (the largest paint): among the first
 *   blocks it loads at once with high priority, and it is never made lazy. Every later image loads
 *   lazily, when scrolled near, and is decoded off the main thread: Astro sees to the ones it
 *   optimizes, this plugin to the rest (remote images, files in `public/`, missing files, and
 *   `<img>` tags the post writes in HTML);
 * - an image Astro does not optimize gets its `width` and `height` where they can be known at build
 *   time (src/markdown/image-dimensions.ts), so that the page does not shift when it loads.
 * An attribute the author wrote is never replaced, and the address is never changed.
 */
import { join } from 'node:path';
import type { HastNode, HastPluginEntry, HastVisitorContext } from 'satteri';
import { loadStore, projectFolderFor, storeFileFor, type LinkCardStore } from './link-card-store.ts';
import { completedSize, measureImageFile, publicImageFile, recordedImageSize, type ImageSize } from './image-dimensions.ts';
import { addImgAttributes, imgTagAttributes } from './raw-img-tags.ts';

/** The text column: 38rem wide, with 1.25rem margins on each side on narrow screens. */
export const POST_IMAGE_SIZES = '(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)';
/** An image in one of a post's first blocks counts as above the fold. */
const ABOVE_THE_FOLD_BLOCKS = 3;

/**
 * A link card's icon or preview (src/markdown/link-card.ts): small, decorative, already sized and lazy,
 * never what a reader sees first.
 */
export function isCardImage(className: unknown): boolean {
  return Array.isArray(className) && className.some((c) => typeof c === 'string' && c.startsWith('link-card-'));
}

/** What Astro's Markdown pipeline records of a post's images (its collect-images plugin), and the frontmatter. */
interface AstroData {
  localImagePaths?: ReadonlySet<string>;
  remoteImagePaths?: ReadonlySet<string>;
  frontmatter?: Record<string, unknown>;
}

/**
 * Astro's image pipeline will optimize the image at `src` (and give it a srcset): it collected it as a
 * local or allowed remote image. Without Astro's data (the processor used on its own), a relative
 * address is one, as Astro's rule reads it.
 */
function isOptimized(src: string, astro: AstroData | undefined): boolean {
  let decoded = src;
  try {
    decoded = decodeURI(src);
  } catch {
    // Astro could not have collected it either.
  }
  if (astro?.localImagePaths || astro?.remoteImagePaths) {
    return Boolean(astro.localImagePaths?.has(decoded) || astro.remoteImagePaths?.has(decoded));
  }
  return decoded !== '' && !decoded.startsWith('/') && !URL.canParse(decoded);
}

/** A width or height as written: a whole number of pixels, or undefined (`50%` and the like are not). */
function pixels(value: unknown): number | undefined {
  const text = String(value ?? '').trim();
  return /^\d+$/u.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

/**
 * The `width` and `height` to give an image written with `width` and `height` (undefined when absent),
 * of natural size `natural`: undefined when both were written, or when one is not in pixels (`50%`),
 * which no number would match.
 */
function sizeToGive(width: unknown, height: unknown, natural: ImageSize | undefined): ImageSize | undefined {
  const w = pixels(width);
  const h = pixels(height);
  if (!natural || (width !== undefined && w === undefined) || (height !== undefined && h === undefined)) return undefined;
  return completedSize(w, h, natural);
}

/** Both `width` and `height` are written: the image's size is known without measuring it. */
const hasBothSides = (width: unknown, height: unknown) => width !== undefined && height !== undefined;

/** The number of top-level blocks before the one that holds `node`. */
function blocksBefore(node: Readonly<HastNode>, ctx: HastVisitorContext): number {
  let block: Readonly<HastNode> = node;
  for (;;) {
    const parent: Readonly<HastNode> | undefined = ctx.parent(block);
    if (!parent || parent.type === 'root') break;
    block = parent;
  }
  const root = ctx.parent(block);
  const siblings = root && 'children' in root ? (root.children as HastNode[]) : [];
  return siblings.slice(0, ctx.indexOf(block) ?? siblings.length).filter((n) => n.type === 'element').length;
}

/**
 * The plugin: per post, `sizes` on the images Astro optimizes, loading attributes on every image (in
 * order, Markdown and HTML alike), and the size of the others where it can be known.
 */
export const postImages: HastPluginEntry = (document) => {
  const astro = document.data['astro'] as AstroData | undefined;
  // A hero image (frontmatter `heroImage`) is shown above the body: it is what loads first.
  let imagesBefore = astro?.frontmatter?.['heroImage'] ? 1 : 0;
  const project = projectFolderFor(document.fileURL);
  const publicDir = join(project, 'public');
  let store: LinkCardStore | undefined;
  const storeOf = () => (store ??= loadStore(storeFileFor(document.fileURL)));

  /** The natural size of an image Astro leaves alone: now, later (a file to measure), or never. */
  const naturalSize = (src: string): ImageSize | Promise<ImageSize | undefined> | undefined => {
    const file = publicImageFile(src, publicDir);
    if (file) return measureImageFile(file);
    return /^https?:/iu.test(src) ? recordedImageSize(src, storeOf()) : undefined;
  };

  /** Loading attributes of the post's next image, which stands in `node`'s block. */
  const loadingOf = (node: Readonly<HastNode>, ctx: HastVisitorContext, optimized: boolean): Record<string, string> => {
    const index = imagesBefore++;
    if (index === 0) return blocksBefore(node, ctx) < ABOVE_THE_FOLD_BLOCKS ? { loading: 'eager', fetchpriority: 'high' } : {};
    // Astro gives the images it optimizes the same attributes.
    return optimized ? {} : { loading: 'lazy', decoding: 'async' };
  };

  return {
    name: 'post-images',
    element: {
      filter: ['img'],
      visit(node, ctx) {
        if (isCardImage(node.properties?.className)) return;
        const src = typeof node.properties?.src === 'string' ? node.properties.src : '';
        const optimized = isOptimized(src, astro);
        if (optimized) ctx.setProperty(node, 'sizes', POST_IMAGE_SIZES);
        for (const [name, value] of Object.entries(loadingOf(node, ctx, optimized))) {
          if (node.properties?.[name] === undefined) ctx.setProperty(node, name, value);
        }
        if (optimized) return;
        const { width, height } = node.properties ?? {};
        if (hasBothSides(width, height)) return;
        const setSize = (natural: ImageSize | undefined) => {
          const size = sizeToGive(width, height, natural);
          if (!size) return;
          ctx.setProperty(node, 'width', size.width);
          ctx.setProperty(node, 'height', size.height);
        };
        const natural = naturalSize(src);
        return natural instanceof Promise ? natural.then(setSize) : setSize(natural);
      },
    },
    raw(node, ctx) {
      const tags = imgTagAttributes(node.value);
      if (tags.length === 0) return;
      const added: Record<string, string | number>[] = tags.map(() => loadingOf(node, ctx, false));
      const naturals = tags.map((a) => (hasBothSides(a.get('width'), a.get('height')) ? undefined : naturalSize(a.get('src') ?? '')));
      const rewrite = (sizes: readonly (ImageSize | undefined)[]) => {
        sizes.forEach((natural, i) => Object.assign(added[i]!, sizeToGive(tags[i]!.get('width'), tags[i]!.get('height'), natural)));
        let i = 0;
        // The tags come in the same order: the attributes each already has are not added again.
        const value = addImgAttributes(node.value, () => added[i++]);
        if (value !== node.value) ctx.setProperty(node, 'value', value);
      };
      return naturals.some((n) => n instanceof Promise) ? Promise.all(naturals).then(rewrite) : rewrite(naturals as (ImageSize | undefined)[]);
    },
  };
};
