/**
 * Contract: the message src/integrations/dev-posts.ts sends the dev server's page environments when
 * a post is saved, so that the next reload shows it without waiting for Astro's store. It is Astro's
 * own internal message: the installed Astro must still send it when its store changes, and its page
 * environments must still drop their cache of page paths and props on it.
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_CHANGED } from '../../src/integrations/dev-posts.ts';
import { packageSource } from './installed.ts';

const escaped = CONTENT_CHANGED.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

describe('Astro’s content-changed message, as dev-posts.ts sends it', () => {
  it('is what Astro sends its page environments when the content store changes', () => {
    const content = packageSource('astro', 'dist/content/vite-plugin-content-virtual-mod.js');
    expect(content).toMatch(new RegExp(`function invalidateDataStore\\([\\s\\S]*?environment\\.hot\\.send\\("${escaped}", \\{\\}\\);`, 'u'));
  });

  it('makes the dev server’s page environments drop their cache of page paths and props', () => {
    for (const file of ['dist/vite-plugin-app/createAstroServerApp.js', 'dist/core/app/entrypoints/virtual/dev.js']) {
      const source = packageSource('astro', file);
      expect(source, file).toMatch(new RegExp(`import\\.meta\\.hot\\.on\\("${escaped}", \\(\\) => \\{\\s*getRouteCache\\(manifest\\)\\.clearAll\\(\\);`, 'u'));
    }
  });
});
