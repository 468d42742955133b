interface ImportMetaEnv {
  /** True in `astro dev` only (see src/integrations/drafts.ts). */
  readonly SHOW_DRAFTS?: boolean;
}
