import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * Tells the pages where the project is (`__PROJECT_ROOT__`, read through src/project/project-folder.ts),
 * for what they read from the project's files at build time: the page cache keys hash the images a
 * post shows (src/build-speed/page-keys.ts), share images are keyed by their drawing code and cached.
 */
export function projectRoot(): AstroIntegration {
  return {
    name: 'project-root',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        // A global, not `import.meta.env.PROJECT_ROOT`: Vite copies those into process.env, and from
        // there into the environment of the builds a test runner starts for other projects.
        updateConfig({ vite: { define: { __PROJECT_ROOT__: JSON.stringify(fileURLToPath(config.root)) } } });
      },
    },
  };
}
