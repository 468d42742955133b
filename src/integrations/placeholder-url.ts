import type { AstroIntegration } from 'astro';

/**
 * Host names that can never be a published site's: the ones reserved for examples, tests and local
 * use (RFC 2606 and RFC 6761), such as the `https://blog.example.com` that src/site.config.ts ships with.
 */
export function isPlaceholderHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/u, '');
  if (['example.com', 'example.net', 'example.org', 'localhost'].some((h) => host === h || host.endsWith(`.${h}`))) return true;
  return /\.(?:example|test|invalid|localhost)$/u.test(host) || ['example', 'test', 'invalid'].includes(host);
}

/** The warning for a build whose site address is a placeholder, or nothing when it is a real one. */
export function placeholderUrlWarning(site: string | undefined, base = '/'): string | undefined {
  if (!site || !URL.canParse(site)) return undefined;
  const url = new URL(site);
  if (!isPlaceholderHost(url.hostname)) return undefined;
  const shown = `${url.origin}${base === '/' ? '' : base.replace(/\/+$/u, '')}`;
  return (
    `url in src/site.config.ts is still ${shown}, a placeholder: canonical links, feeds, the sitemap, ` +
    'share images and redirects of this build point there. Set it to the address the site will be published at.'
  );
}

/**
 * Warns once, in `astro build`, when the site's address is still a placeholder: the build succeeds
 * and looks right in a browser, but every absolute URL in it leads nowhere. `astro dev` and
 * `astro preview` serve locally and stay quiet.
 */
export function placeholderUrlWarnedInBuild(): AstroIntegration {
  let warning: string | undefined;
  return {
    name: 'placeholder-url',
    hooks: {
      'astro:config:done': ({ config }) => {
        warning = placeholderUrlWarning(config.site, config.base);
      },
      // Once per build, before the pages: where the author reads it first, not after the page list.
      'astro:build:start': ({ logger }) => {
        if (warning) logger.warn(warning);
      },
    },
  };
}
