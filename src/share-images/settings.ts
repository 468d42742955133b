/**
 * The types of the share-image settings (`shareImage` in src/site.config.ts), in a file of their own
 * that imports nothing: the config imports it, and the hashes of code that read the config (the
 * Markdown pipeline's, src/markdown/fingerprint.ts) follow imports. theme.ts checks and reads them.
 */

/** The colours of a share image, each written `#rrggbb` or `#rgb`. */
export interface ShareImageColors {
  /** The whole image behind the text. */
  background: string;
  /** The title, and the site's name bottom right. */
  text: string;
  /** The date above the title. */
  muted: string;
  /** The line under the title on the site's own image (its description). */
  subtitle: string;
  /** The tags, and the bar along the bottom edge. */
  accent: string;
}

/** Which details a share image shows beside the title (the title always shows). */
export interface ShareImageFields {
  /** The post's date, above the title. */
  date: boolean;
  /** The post's tags (as many as fit), bottom left. */
  tags: boolean;
  /** The site's name, bottom right (never on the site's own image, whose title it is). */
  siteName: boolean;
  /** The site's description under its name, on the site's own image (`/og.png`). */
  description: boolean;
}

/** The `shareImage` section of src/site.config.ts. */
export interface ShareImageSettings {
  colors: ShareImageColors;
  show: ShareImageFields;
  /**
   * A PNG or SVG file, from the project's folder (`'src/assets/logo.png'`), drawn in the bottom right
   * corner, scaled to fit 240x64 pixels with its proportions kept. Text in an SVG logo must be
   * converted to paths (no fonts are loaded for it). Leave it out for no logo.
   */
  logo?: string;
  /**
   * A TrueType or OpenType font file (`.ttf`, `.otf`, or the first font of a `.ttc`), from the
   * project's folder. Characters it lacks are left out, so a site in Japanese needs a Japanese font.
   * Leave it out for the bundled Noto Sans JP Bold.
   */
  font?: string;
}
