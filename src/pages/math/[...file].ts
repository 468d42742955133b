/**
 * KaTeX's stylesheet and fonts, served by the site itself (no third-party request) at
 * `/math/katex.min.css` and `/math/fonts/*.woff2`, for the pages that have math
 * (src/components/MathStyles.astro). The stylesheet names its fonts by relative URLs, so it works under
 * any base path. Only woff2 is kept: every browser the site supports reads it, and the woff and ttf
 * copies would only be listed, never fetched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { APIRoute, GetStaticPaths } from 'astro';
import { projectFolder } from '../../project/project-folder.ts';
import { MATH_STYLESHEET } from '../../blog/urls.ts';

const katexDist = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');

/** KaTeX's stylesheet with woff2 sources only, followed by the site's own math styles (src/styles/math.css). */
export function mathStylesheet(): string {
  const katexCss = readFileSync(join(katexDist, MATH_STYLESHEET), 'utf8').replace(/,\s*url\([^)]*\)\s*format\(["'](?:woff|truetype)["']\)/gu, '');
  const siteMathStyles = readFileSync(join(projectFolder(), 'src', 'styles', 'math.css'), 'utf8');
  return `${katexCss}\n${siteMathStyles}`;
}

/** The font files served: KaTeX's woff2 fonts. */
export function mathFonts(): string[] {
  return readdirSync(join(katexDist, 'fonts'))
    .filter((name) => name.endsWith('.woff2'))
    .sort();
}

export const getStaticPaths = (() => [
  { params: { file: MATH_STYLESHEET } },
  ...mathFonts().map((name) => ({ params: { file: `fonts/${name}` } })),
]) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  if (params.file === MATH_STYLESHEET) {
    return new Response(mathStylesheet(), { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
  }
  const name = params.file?.startsWith('fonts/') ? params.file.slice('fonts/'.length) : undefined;
  if (name === undefined || !mathFonts().includes(name)) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(readFileSync(join(katexDist, 'fonts', name))), { headers: { 'Content-Type': 'font/woff2' } });
};
