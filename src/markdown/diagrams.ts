/**
 * Mermaid diagrams (```` ```mermaid ```` fences) drawn as inline SVG at build time, with no script
 * sent to readers. The renderer is beautiful-mermaid: pure JavaScript and synchronous, so it runs
 * inside the Markdown pipeline and its worker thread without a browser. It draws flowcharts,
 * sequence, class, state and ER diagrams; any other kind (gantt, pie, mindmap…) or a diagram it
 * cannot draw keeps its source as a normal code block, with a note, and the build warns once per
 * post and problem.
 *
 * A drawn diagram becomes
 * `<figure class="diagram"><div class="diagram-canvas"><svg role="img" aria-label>…</svg></div>
 * <details class="diagram-source"><summary>…</summary><pre><code>source</code></pre></details></figure>`.
 * The SVG is rebuilt from an allowlist of elements and attributes (the source is author text and
 * reaches the SVG as labels and styles), carries its colours as CSS custom properties with light
 * fallbacks in its own `style` attribute (readable in a feed with no site CSS; src/styles/diagrams.css
 * switches them for dark mode) and prefixes its ids per post and diagram, so that two diagrams on a
 * page never share one.
 */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin, type MdastPluginDefinition, type PluginFactoryContext } from 'satteri';

type Renderer = typeof import('beautiful-mermaid');

/** The diagram kinds beautiful-mermaid draws, by the keyword that opens a Mermaid source. */
const KINDS = {
  flowchart: /^(?:graph|flowchart)\b/iu,
  sequence: /^sequenceDiagram\s*$/iu,
  class: /^classDiagram\s*$/iu,
  state: /^stateDiagram(?:-v2)?\s*$/iu,
  er: /^erDiagram\s*$/iu,
} as const;
export type DiagramKind = keyof typeof KINDS;

/** The words a diagram's figure and notes use, in the site's language. */
export interface DiagramLabels {
  kinds: Record<DiagramKind, string>;
  source: string;
  failed: (reason: string) => string;
  unsupported: (keyword: string) => string;
  empty: string;
  tooLarge: string;
  nothingDrawn: string;
}

const LABELS: Record<'ja' | 'en', DiagramLabels> = {
  ja: {
    kinds: { flowchart: 'フローチャート', sequence: 'シーケンス図', class: 'クラス図', state: '状態遷移図', er: 'ER 図' },
    source: '図のソース（Mermaid）',
    failed: (reason) => `図を描けませんでした（${reason}）。Mermaid のソースをそのまま示します。`,
    unsupported: (keyword) => `この種類の図（${keyword}）には対応していません`,
    empty: '図の中身がありません',
    tooLarge: '図が大きすぎます',
    nothingDrawn: '描ける要素が見つかりません',
  },
  en: {
    kinds: { flowchart: 'Flowchart', sequence: 'Sequence diagram', class: 'Class diagram', state: 'State diagram', er: 'ER diagram' },
    source: 'Diagram source (Mermaid)',
    failed: (reason) => `The diagram could not be drawn (${reason}). Its Mermaid source is shown as written.`,
    unsupported: (keyword) => `this kind of diagram (${keyword}) is not supported`,
    empty: 'the diagram is empty',
    tooLarge: 'the diagram is too large',
    nothingDrawn: 'nothing to draw was found',
  },
};

/** Sources above these sizes are not drawn: the layout is synchronous and cannot be stopped once begun. */
const MAX_SOURCE_CHARS = 20_000;
const MAX_SOURCE_LINES = 400;

/** Cheap test for a Mermaid fence, so posts without one skip the plugin (and never load the renderer). */
const MERMAID_FENCE = /(?:`{3,}|~{3,})[ \t]*mermaid/iu;

let renderer: Renderer | undefined;
/** Warnings already printed in this thread: a post rendered twice warns once. */
const warned = new Set<string>();

/** A problem in one diagram: `message` goes to the build log (in English, as other warnings), `shown` to the page. */
class DiagramProblem extends Error {
  readonly shown: string;
  constructor(message: string, shown: string) {
    super(message);
    this.shown = shown;
  }
}

/**
 * The Mermaid diagram plugin for a post, or nothing when the post has no Mermaid fence. The labels
 * follow the post's `lang`, else `siteLang` (`ja`, anything else reads English).
 */
export function diagrams(siteLang: string): (context: PluginFactoryContext) => MdastPluginDefinition | null {
  return (context) => {
    if (!MERMAID_FENCE.test(context.source)) return null;
    const postLang = context.data.astro?.frontmatter?.lang;
    return diagramPlugin(diagramLabels(typeof postLang === 'string' ? postLang : siteLang), context.source);
  };
}

function diagramPlugin(labels: DiagramLabels, source: string): MdastPluginDefinition {
  const post = createHash('sha256').update(source).digest('hex').slice(0, 8);
  let count = 0;
  return defineMdastPlugin({
    name: 'diagrams',
    // Loaded on the first post with a diagram: a site without diagrams never pays for the import.
    before() {
      return renderer ? undefined : loadDiagramRenderer();
    },
    code(node, ctx) {
      if (node.lang?.toLowerCase() !== 'mermaid') return;
      count += 1;
      try {
        const html = drawDiagram(node.value, { labels, idPrefix: `mmd-${post}-${count}-` });
        ctx.replaceNode(node, { type: 'html', value: html });
      } catch (error) {
        const reason = firstLine(error);
        warnOnce(ctx.fileURL, reason);
        const shown = error instanceof DiagramProblem ? error.shown : reason;
        ctx.insertBefore(node, { type: 'html', value: `<p class="diagram-error" role="note" data-pagefind-ignore>${escapeHtml(labels.failed(shown))}</p>` });
      }
    },
  });
}

interface DrawOptions {
  labels: DiagramLabels;
  /** Prefix for every id in the SVG: unique per post and diagram. */
  idPrefix: string;
}

/**
 * The figure for one Mermaid source. Throws a `DiagramProblem` (or the renderer's error) when the
 * diagram cannot be drawn. Exported for tests and benchmarks; it needs the renderer loaded
 * (`loadDiagramRenderer`).
 */
export function drawDiagram(source: string, { labels, idPrefix }: DrawOptions): string {
  if (!renderer) throw new Error('the diagram renderer is not loaded');
  const { body, title, description } = readMermaid(source);
  if (body.length === 0) throw new DiagramProblem('empty diagram', labels.empty);
  const lines = body.split('\n').length;
  if (body.length > MAX_SOURCE_CHARS || lines > MAX_SOURCE_LINES) {
    throw new DiagramProblem(`diagram too large to draw at build time (${body.length} characters, ${lines} lines)`, labels.tooLarge);
  }
  const keyword = body.split('\n', 1)[0]!.trim();
  const kind = diagramKind(keyword);
  if (!kind) {
    const type = keyword.split(/[\s;]/u, 1)[0]!.slice(0, 40);
    throw new DiagramProblem(`unsupported diagram type "${type}" (shown as code)`, labels.unsupported(type));
  }
  const raw = renderer.renderMermaidSVG(kind === 'flowchart' ? normalizeFlowchart(body) : body, { transparent: true });
  const name = title ? `${labels.kinds[kind]}：${title}` : labels.kinds[kind];
  const descriptionId = description ? `${idPrefix}description` : undefined;
  const svg = cleanSvg(raw, { idPrefix, name, ...(descriptionId ? { descriptionId } : {}) });
  if (!/<text\b/u.test(svg)) throw new DiagramProblem('nothing to draw (check the syntax)', labels.nothingDrawn);
  return [
    `<figure class="diagram" data-diagram="${kind}">`,
    // A figcaption must be the figure's first or last child: the title goes above, as a chart's would.
    title ? `<figcaption>${escapeHtml(title)}</figcaption>` : '',
    // Search excerpts and summaries skip the drawing, as they skip code (src/blog/text.ts skips <svg>).
    `<div class="diagram-canvas" tabindex="0" data-pagefind-ignore>${svg}</div>`,
    description ? `<p class="sr-only" id="${descriptionId}">${escapeHtml(description)}</p>` : '',
    `<details class="diagram-source" data-pagefind-ignore><summary>${escapeHtml(labels.source)}</summary>`,
    `<pre><code class="language-mermaid">${escapeHtml(source.replace(/\n$/u, ''))}</code></pre></details>`,
    '</figure>',
  ].join('');
}

/** Loads the renderer in this thread (the plugin does it by itself; tests and benchmarks call this). */
export async function loadDiagramRenderer(): Promise<void> {
  renderer ??= await import('beautiful-mermaid');
}

/** Labels for a language, for `drawDiagram`. */
export function diagramLabels(lang: string): DiagramLabels {
  return lang.startsWith('ja') ? LABELS.ja : LABELS.en;
}

function diagramKind(keyword: string): DiagramKind | undefined {
  return (Object.keys(KINDS) as DiagramKind[]).find((kind) => KINDS[kind].test(keyword));
}

/**
 * The diagram without what beautiful-mermaid does not read: Mermaid's front matter (its `title:` is
 * kept for the caption), `%%` comments and directives, and the accessibility lines `accTitle:` and
 * `accDescr:` (kept for the SVG's name and description).
 */
function readMermaid(source: string): { body: string; title?: string; description?: string } {
  let text = source.replace(/\r\n?/gu, '\n').trim();
  let title: string | undefined;
  let description: string | undefined;
  const frontMatter = /^---\n([\s\S]*?)\n---(?:\n|$)/u.exec(text);
  if (frontMatter) {
    const line = /^title:[ \t]*(.+)$/mu.exec(frontMatter[1]!);
    if (line) title = unquote(line[1]!);
    text = text.slice(frontMatter[0].length);
  }
  text = text.replace(/^[ \t]*accDescr[ \t]*\{([\s\S]*?)\}[ \t]*$/mu, (_, value: string) => {
    description = value.trim().replace(/\s*\n\s*/gu, ' ');
    return '';
  });
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('%%')) continue;
    const accessible = /^(accTitle|accDescr)[ \t]*:[ \t]*(.*)$/u.exec(trimmed);
    if (accessible) {
      if (accessible[1] === 'accTitle') title ??= accessible[2]!.trim();
      else description ??= accessible[2]!.trim();
      continue;
    }
    lines.push(line.replace(/\s+$/u, ''));
  }
  // A flowchart header without a direction is valid Mermaid (top-down); beautiful-mermaid wants one.
  if (lines.length > 0) lines[0] = lines[0]!.trim().replace(/^(graph|flowchart)(?=\s*(?:;|$))/iu, '$1 TD');
  return { body: lines.join('\n'), ...(title ? { title } : {}), ...(description ? { description } : {}) };
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/u.test(v) ? v.slice(1, -1) : v;
}

/**
 * A flowchart as beautiful-mermaid reads it. Mermaid also separates statements with `;`
 * (`graph LR; A-->B;`); it reads `A-->B` as two nodes, which beautiful-mermaid would read as one
 * named `A--`; and it takes node ids in any script (`開始 --> 終了`), where beautiful-mermaid takes
 * ASCII ones. So: one statement per line, a space before each arrow, and an ASCII id for each
 * other one, with the original as the node's label. Labels (in brackets, quotes, `|…|` or
 * `-- … -->`) are left as written. `click` lines (interaction, which needs a script) are dropped.
 */
function normalizeFlowchart(body: string): string {
  const [header, ...rest] = body.split('\n');
  const statements = rest.flatMap(splitAtSemicolons);
  const headerParts = splitAtSemicolons(header!);
  return [headerParts[0]!, ...headerParts.slice(1), ...statements]
    .map((s, i) => (i === 0 ? s.trim() : flowchartStatement(s.trim())))
    .filter((s) => s !== '')
    .join('\n');
}

function splitAtSemicolons(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let piped = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '|' && depth === 0) piped = !piped;
    else if (piped) continue;
    else if ('[({'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      out.push(line.slice(start, i));
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}

/** An ASCII id for a node id written in another script; an ASCII id stays as it is. */
function asciiId(id: string): string {
  return /^[\w-]+$/u.test(id) ? id : `u_${[...id].map((c) => c.codePointAt(0)!.toString(36)).join('_')}`;
}

const ARROW = /^<?(?:-{2,}>|-{3,}|-\.+->|-\.+-|={2,}>|={3,})(?:\|[^|]*\|)?/u;
const TEXT_ARROW = /^<?(?:--|-\.|==)\s+.+?\s+(?:-->|---|\.->|-\.-|==>|===)/u;
const ID = /^[\p{L}\p{N}_-]+?(?=$|[^\p{L}\p{N}_-]|--|-\.)/u;

function flowchartStatement(statement: string): string {
  if (/^click\s/u.test(statement)) return '';
  const subgraph = /^subgraph\s+(.+)$/u.exec(statement);
  if (subgraph) {
    const title = subgraph[1]!.trim();
    const withId = /^([^\s[]+)\s*\[(.+)\]$/u.exec(title);
    if (withId) return `subgraph ${asciiId(withId[1]!)}[${withId[2]}]`;
    return /^[\x20-\x7e]*$/u.test(title) ? statement : `subgraph ${asciiId(title.replace(/\s+/gu, '_'))}[${title}]`;
  }
  const styled = /^(style|class)\s+(\S+)(\s.*)$/u.exec(statement);
  if (styled) return `${styled[1]} ${styled[2]!.split(',').map(asciiId).join(',')}${styled[3]}`;
  if (/^(?:end|classDef|linkStyle|direction)\b/u.test(statement)) return statement;
  let out = '';
  let i = 0;
  while (i < statement.length) {
    const rest = statement.slice(i);
    const arrow = TEXT_ARROW.exec(rest) ?? ARROW.exec(rest);
    if (arrow) {
      out += `${/\S$/u.test(out) ? ' ' : ''}${arrow[0]} `;
      i += arrow[0].length;
      continue;
    }
    const c = rest[0]!;
    if (c === '"' || c === '|' || '[({>'.includes(c)) {
      // A label: copied up to its end.
      const end = labelEnd(rest);
      out += rest.slice(0, end);
      i += end;
      continue;
    }
    if (c === ':' && rest.startsWith(':::')) {
      const cls = /^:::[\w-]+/u.exec(rest)?.[0] ?? ':::';
      out += cls;
      i += cls.length;
      continue;
    }
    const id = ID.exec(rest);
    if (id) {
      const ascii = asciiId(id[0]);
      const labelled = ascii === id[0] || /^\s*[[({>]/u.test(rest.slice(id[0].length));
      out += labelled ? ascii : `${ascii}["${id[0]}"]`;
      i += id[0].length;
      continue;
    }
    out += c;
    i += 1;
  }
  return out.replace(/\s+$/u, '');
}

/** Where the label that opens `text` ends: its closing quote, pipe or bracket (nesting counted). */
function labelEnd(text: string): number {
  const open = text[0]!;
  if (open === '"' || open === '|') {
    const close = text.indexOf(open, 1);
    return close < 0 ? text.length : close + 1;
  }
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if ('[({'.includes(c) || (i === 0 && c === '>')) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i + 1;
  }
  return text.length;
}

// ---------------------------------------------------------------------------------------------
// The SVG, rebuilt from an allowlist

const ELEMENTS = new Set(['svg', 'g', 'defs', 'marker', 'polygon', 'polyline', 'line', 'rect', 'circle', 'ellipse', 'path', 'text', 'tspan']);
const ATTRIBUTES = new Set([
  'viewBox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'dx', 'dy',
  'transform', 'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linejoin', 'stroke-linecap',
  'stroke-opacity', 'opacity', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline',
  'text-decoration', 'marker-start', 'marker-end', 'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'id', 'class',
]);
/**
 * What an attribute value may hold: numbers, names, colours, `var(--x)`, `color-mix(...)`, `url(#id)`.
 * No quotes, `&`, `:` or `/`, so no external reference, script URL or escape can get through.
 */
const SAFE_VALUE = /^[\w\s#.,%()+-]*$/u;
/** Where text keeps its spaces: elsewhere whitespace between elements is dropped. */
const TEXT_ELEMENTS = new Set(['text', 'tspan']);
const TOKEN = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)/uy;
const ATTRIBUTE = /([\w:-]+)="([^"<]*)"/gu;

/**
 * The colours beautiful-mermaid draws with, as custom properties on the SVG itself. Each reads a
 * `--diagram-*` property (src/styles/diagrams.css sets them for light and dark) or is mixed from the
 * foreground and background; the light value after it is the fallback where the site's CSS is not
 * (a feed reader): a white background with dark text. Text is the foreground or the muted colour,
 * both AA on the background.
 */
const PALETTE: Record<string, [value: string, light: string]> = {
  '--bg': ['var(--diagram-bg,#fff)', '#fff'],
  '--fg': ['var(--diagram-fg,#1f2328)', '#1f2328'],
  '--_text': ['var(--fg)', '#1f2328'],
  '--_text-sec': ['var(--diagram-muted,#57606a)', '#57606a'],
  '--_text-muted': ['var(--_text-sec)', '#57606a'],
  '--_text-faint': ['var(--_text-sec)', '#57606a'],
  '--_line': ['var(--diagram-line,#6e7781)', '#6e7781'],
  '--_arrow': ['var(--diagram-arrow,#424a53)', '#424a53'],
  '--_node-fill': ['var(--diagram-fill,#f6f8fa)', '#f6f8fa'],
  '--_node-stroke': ['var(--diagram-stroke,#8c959f)', '#8c959f'],
  '--_group-fill': ['var(--bg)', '#fff'],
  '--_group-hdr': ['color-mix(in srgb,var(--fg) 6%,var(--bg))', '#eff0f1'],
  '--_inner-stroke': ['color-mix(in srgb,var(--fg) 15%,var(--bg))', '#dddedf'],
  '--_key-badge': ['color-mix(in srgb,var(--fg) 10%,var(--bg))', '#e9e9ea'],
};
const SVG_STYLE = [...Object.entries(PALETTE).map(([name, [value]]) => `${name}:${value}`), 'background:var(--bg)', 'color:var(--fg)'].join(';');

/** `var(--_x)` with its light colour as fallback, for a reader that drops the SVG's `style` attribute. */
function withFallback(value: string): string {
  return value.replace(/var\((--[\w-]+)\)/gu, (whole, name: string) => (PALETTE[name] ? `var(${name},${PALETTE[name][1]})` : whole));
}

interface CleanOptions {
  idPrefix: string;
  /** The SVG's accessible name. */
  name: string;
  descriptionId?: string;
}

/**
 * The renderer's SVG keeping only drawing elements and presentation attributes with safe values:
 * no `<style>` (its web-font `@import` and page-wide rules), no `<title>`, no `data-*` copies of the
 * labels, no event handler or link. Ids get the prefix; long decimals are rounded. Anything the
 * tokenizer does not recognise fails the diagram rather than pass through.
 */
export function cleanSvg(svg: string, { idPrefix, name, descriptionId }: CleanOptions): string {
  const out: string[] = [];
  const open: string[] = [];
  let skipDepth = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < svg.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(svg);
    if (!m) throw new Error(`unexpected SVG at ${at}`);
    const [, closing, tag, attributes, selfClosing, text] = m;
    if (text !== undefined) {
      if (skipDepth > 0) continue;
      const parent = open.at(-1);
      if (!parent || (!TEXT_ELEMENTS.has(parent) && text.trim() === '')) continue;
      out.push(text.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/gu, '&amp;'));
      continue;
    }
    if (!tag) continue; // a comment
    if (closing) {
      if (open.pop() !== tag) throw new Error(`unbalanced </${tag}> in SVG`);
      if (skipDepth > 0) skipDepth--;
      else out.push(`</${tag}>`);
      continue;
    }
    const allowed = skipDepth === 0 && ELEMENTS.has(tag);
    if (!selfClosing) {
      open.push(tag);
      if (!allowed) {
        skipDepth++;
        continue;
      }
    }
    if (!allowed) continue;
    const kept: string[] = [];
    if (tag === 'svg') {
      if (open.length !== 1) throw new Error('nested <svg>');
      kept.push('xmlns="http://www.w3.org/2000/svg"', 'role="img"', `aria-label="${escapeHtml(name)}"`);
      if (descriptionId) kept.push(`aria-describedby="${descriptionId}"`);
    }
    for (const [, attr, value] of (attributes ?? '').matchAll(ATTRIBUTE)) {
      if (!ATTRIBUTES.has(attr!) || !SAFE_VALUE.test(value!)) continue;
      if (attr === 'id') kept.push(`id="${idPrefix}${value}"`);
      else if (attr === 'class') kept.push(`class="${value}"`);
      else {
        const v = value!.replace(/\d+\.\d{3,}/gu, (n) => String(Math.round(Number(n) * 100) / 100));
        if (/url\((?!#[\w-]+\))/u.test(v)) continue;
        kept.push(`${attr}="${withFallback(v.replace(/url\(#/gu, `url(#${idPrefix}`))}"`);
      }
    }
    if (tag === 'svg') kept.push(`style="${SVG_STYLE}"`);
    out.push(`<${tag}${kept.map((a) => ` ${a}`).join('')}${selfClosing ? '/>' : '>'}`);
  }
  if (open.length > 0) throw new Error(`unclosed <${open.at(-1)}> in SVG`);
  if (!out[0]?.startsWith('<svg')) throw new Error('no <svg> element');
  return out.join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function warnOnce(fileURL: URL | undefined, reason: string): void {
  const post = fileURL ? relative(process.cwd(), fileURLToPath(fileURL)) : '(no file)';
  const line = `[diagram] ${post}: ${reason}`;
  if (warned.has(line)) return;
  warned.add(line);
  console.warn(line);
}
