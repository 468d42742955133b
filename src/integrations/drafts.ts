import type { AstroIntegration } from 'astro';

/**
 * Decides once, from the command Astro runs, whether drafts are shown: in `astro dev` only.
 * `import.meta.env.DEV` is not enough: it follows NODE_ENV, so `NODE_ENV=development astro build`
 * (or a build started from a test runner) would publish drafts.
 */
export function draftsInDevOnly(): AstroIntegration {
  return {
    name: 'drafts-in-dev-only',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { 'import.meta.env.SHOW_DRAFTS': JSON.stringify(command === 'dev') } } });
      },
    },
  };
}
