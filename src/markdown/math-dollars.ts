/**
 * Which `$` open inline math, by Zenn's and Qiita's rule (markdown-it-katex): an opening `$` is not
 * followed by white space, a closing one not preceded by white space nor followed by a digit. So
 * `$5 と $10` and a shell prompt stay text, and `月額 $5 のプランで、変数 $x$` typesets `$x$`.
 *
 * Sätteri pairs any two dollars. This pre-pass parses the post, finds each pair that breaks the rule,
 * and escapes its opening dollar (`\$`, which Markdown shows as `$`; it is outside the formula, so the
 * escape holds), then parses again, until every pair left is real math. The real parse then sees only real formulas, so footnotes, links and
 * emphasis around a price are Markdown as usual. Only posts with a `$` pay for it.
 */
import { markdownToMdast, type MdastNode } from 'satteri';

const MAX_ROUNDS = 20;

/**
 * Whether `raw` (an inline formula's source, `next` the character after it) breaks the rule. As in
 * markdown-it-katex, the opening dollar of such a pair is then text, and a later dollar may open.
 */
export function isLoosePair(raw: string, next: string | undefined): boolean {
  if (!raw.startsWith('$') || raw.startsWith('$$') || raw.startsWith('$`') || raw.length < 2) return false;
  return /^\$\s|\s\$$/u.test(raw) || /^\d/u.test(next ?? '');
}

function inlineMath(node: MdastNode, out: MdastNode[] = []): MdastNode[] {
  if (node.type === 'inlineMath') out.push(node);
  else if ('children' in node) for (const child of node.children as MdastNode[]) inlineMath(child, out);
  return out;
}

/** `source` with the dollars that do not delimit math escaped; the same string when there are none. */
export function prepareLooseDollars(source: string): string {
  if (!source.includes('$')) return source;
  let current = source;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const tree = markdownToMdast(current, { features: { gfm: true, math: true }, position: true });
    const escapes: number[] = [];
    for (const node of inlineMath(tree)) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) continue;
      if (isLoosePair(current.slice(start, end), current[end])) escapes.push(start);
    }
    if (escapes.length === 0) return current;
    // From the end, so that earlier offsets stay right.
    for (const at of escapes.sort((a, b) => b - a)) current = `${current.slice(0, at)}\\${current.slice(at)}`;
  }
  return current;
}
