/**
 * The site's share-image theme: the `shareImage` settings of src/site.config.ts, checked and read
 * (theme.ts) with the project's folder as the place their paths start from. Used where images are
 * drawn (the worker, `astro dev`'s routes) and where the build first meets them, to stop it there.
 */
import { projectFolder } from '../project/project-folder.ts';
import { site } from '../site.config.ts';
import { shareImageTheme, type ShareImageTheme } from './theme.ts';

/** The theme the site's settings ask for; throws a ShareImageSettingsError naming each bad setting. */
export function siteShareImageTheme(): ShareImageTheme {
  return shareImageTheme(site.shareImage, projectFolder());
}
