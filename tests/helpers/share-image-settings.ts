/**
 * The share-image settings the blog ships with (src/site.config.ts), written out here so that tests
 * of how images look do not change when a user restyles their own site.
 */
import type { ShareImageSettings } from '../../src/share-images/settings.ts';

export const DEFAULT_SHARE_IMAGE: ShareImageSettings = {
  colors: { background: '#0d1117', text: '#f0f3f6', muted: '#9198a1', subtitle: '#c9d1d9', accent: '#6cb6ff' },
  show: { date: true, tags: true, siteName: true, description: true },
};
