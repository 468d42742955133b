interface ImportMetaEnv {
  /** True in `astro dev` only (see src/integrations/drafts.ts). */
  readonly SHOW_DRAFTS?: boolean;
}

/** The project's folder, in the site's code (see src/project/project-root.ts). */
declare const __PROJECT_ROOT__: string | undefined;

/** Whether the pages make cache keys: true in `astro build` (see src/build-speed/page-keys.ts). */
declare const __PAGE_CACHE_KEYS__: boolean | undefined;
