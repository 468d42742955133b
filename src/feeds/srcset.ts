/**
 * `srcset` values (`a.webp 1x, b.webp 2x`) read as the HTML standard reads them ("parse a srcset
 * attribute"): a candidate's URL runs to the next whitespace and may itself hold commas (image CDNs
 * write `w_300,h_200`), and a descriptor may hold commas inside parentheses. Splitting at every comma
 * would cut such URLs in two.
 */

export interface SrcsetCandidate {
  url: string;
  /** The descriptors after the URL (`2x`, `300w`), whitespace collapsed; empty when there are none. */
  descriptors: string;
}

const SPACE = /[\t\n\f\r ]/u;

/** The candidates of a `srcset` value, in order; a candidate with an empty URL is left out. */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let at = 0;
  while (at < value.length) {
    while (at < value.length && (SPACE.test(value[at]!) || value[at] === ',')) at++;
    if (at >= value.length) break;
    const urlStart = at;
    while (at < value.length && !SPACE.test(value[at]!)) at++;
    let url = value.slice(urlStart, at);
    if (url.endsWith(',')) {
      // `a.webp,b.webp 2x`: a URL ending in commas ends its candidate, with no descriptors.
      url = url.replace(/,+$/u, '');
      if (url !== '') candidates.push({ url, descriptors: '' });
      continue;
    }
    const descriptorStart = at;
    let depth = 0;
    while (at < value.length) {
      const c = value[at]!;
      if (c === '(') depth++;
      else if (c === ')' && depth > 0) depth--;
      else if (c === ',' && depth === 0) break;
      at++;
    }
    const descriptors = value.slice(descriptorStart, at).trim().split(/[\t\n\f\r ]+/u).filter(Boolean).join(' ');
    at++; // past the comma
    candidates.push({ url, descriptors });
  }
  return candidates;
}

/** `value` with each candidate's URL replaced by `rewrite(url)`, written back as `url descriptors, …`. */
export function rewriteSrcset(value: string, rewrite: (url: string) => string): string {
  return parseSrcset(value)
    .map(({ url, descriptors }) => (descriptors ? `${rewrite(url)} ${descriptors}` : rewrite(url)))
    .join(', ');
}
