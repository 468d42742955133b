interface ImportMetaEnv {
  /** True in `astro dev` only (see src/integrations/drafts.ts). */
  readonly SHOW_DRAFTS?: boolean;
  /** True in `astro build`: posts' share images are drawn after the pages (src/integrations/share-images.ts). */
  readonly QUEUE_SHARE_IMAGES?: boolean;
}
