import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml } from 'satteri';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanSvg, diagramLabels, diagrams, drawDiagram } from '../../src/markdown/diagrams.ts';
import { rawHtml } from '../../src/markdown/raw-html.ts';

const fileURL = pathToFileURL(join(process.cwd(), 'src/content/posts/2025/diagram.md'));
const render = async (md: string, lang = 'ja') =>
  (await markdownToHtml(md, { mdastPlugins: [rawHtml, diagrams(lang)], fileURL })).html;
const fence = (body: string) => '```mermaid\n' + body + '\n```\n';

const flowchart = 'flowchart LR\n  A[記事を書く] --> B{レビュー}\n  B -->|OK| C[公開]\n  B -->|NG| A';
const sequence = 'sequenceDiagram\n  participant U as 読者\n  participant S as サイト\n  U->>S: 記事を開く\n  S-->>U: HTML';

/** The SVGs of a page, with the ids each defines. */
function svgs(html: string): Array<{ svg: string; ids: string[] }> {
  return [...html.matchAll(/<svg\b[\s\S]*?<\/svg>/gu)].map(([svg]) => ({ svg, ids: [...svg.matchAll(/\sid="([^"]+)"/gu)].map((m) => m[1]!) }));
}

let warn: { mock: { calls: unknown[][] }; mockRestore(): void } | undefined;
// No preloading: the plugin loads the renderer itself, on the first post with a diagram.
afterEach(() => warn?.mockRestore());
const silence = () => (warn = vi.spyOn(console, 'warn').mockImplementation(() => {}));

describe('Mermaid diagrams', () => {
  it('draws a flowchart as an accessible SVG figure, keeping the source', async () => {
    const html = await render(`前文\n\n${fence(flowchart)}\n後文`);
    expect(html).toMatch(/^<p>前文<\/p>\n<figure class="diagram" data-diagram="flowchart"><div class="diagram-canvas" tabindex="0" data-pagefind-ignore><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" aria-label="フローチャート" viewBox="[\d. ]+" width="[\d.]+" height="[\d.]+"/u);
    for (const label of ['記事を書く', 'レビュー', '公開']) expect(html).toContain(`>${label}</text>`);
    expect(html).toContain('<details class="diagram-source" data-pagefind-ignore><summary>図のソース（Mermaid）</summary><pre><code class="language-mermaid">flowchart LR\n  A[記事を書く] --&gt; B{レビュー}');
    expect(html).not.toMatch(/<style|@import|fonts\.googleapis|data-label|<title/u);
    // Colours from custom properties, with light fallbacks where a feed reader drops the style attribute.
    expect(html).toContain('fill="var(--_node-fill,#f6f8fa)" stroke="var(--_node-stroke,#8c959f)"');
    expect(html).toMatch(/style="--bg:var\(--diagram-bg,#fff\);--fg:var\(--diagram-fg,#1f2328\);/u);
    expect(html).toContain('<p>後文</p>');
  });

  it('draws a sequence diagram', async () => {
    const html = await render(fence(sequence));
    expect(html).toContain('data-diagram="sequence"');
    expect(html).toContain('aria-label="シーケンス図"');
    for (const label of ['読者', 'サイト', '記事を開く']) expect(html).toContain(`>${label}</text>`);
  });

  it('draws class, state and ER diagrams', async () => {
    const html = await render(
      fence('classDiagram\n  Animal <|-- Duck\n  Animal: +int age') +
        fence('stateDiagram-v2\n  [*] --> 下書き\n  下書き --> 公開: 公開する') +
        fence('erDiagram\n  AUTHOR ||--o{ POST : writes'),
    );
    expect(svgs(html)).toHaveLength(3);
    expect(html).toMatch(/data-diagram="class"[\s\S]*data-diagram="state"[\s\S]*data-diagram="er"/u);
  });

  it('names the diagram after its title or accTitle, and describes it with accDescr', async () => {
    const html = await render(fence('---\ntitle: "公開の流れ"\n---\nflowchart TD\n  accDescr: 書いてから公開するまで\n  A --> B'));
    expect(html).toContain('<figcaption>公開の流れ</figcaption>');
    expect(html).toMatch(/aria-label="フローチャート：公開の流れ" aria-describedby="(mmd-[\w-]+description)"[\s\S]*<p class="sr-only" id="\1">書いてから公開するまで<\/p>/u);
    expect(await render(fence('sequenceDiagram\n  accTitle: 読み込み\n  A->>B: x'))).toContain('aria-label="シーケンス図：読み込み"');
  });

  it('reads Mermaid that beautiful-mermaid alone would not: `;`, `A-->B`, ids in Japanese, no direction, %% lines', async () => {
    const html = await render(
      fence('%%{init: {"theme": "dark"}}%%\ngraph LR; A[あ;い]-->B; B-.->|x--y|C;') +
        fence('flowchart\n  X---Y') +
        fence('flowchart LR\n  subgraph フロント\n    画面 -- 送信 --> API\n  end\n  API --> DB[(データベース)] & 画面\n  click 画面 "https://example.com"'),
    );
    const drawn = svgs(html);
    expect(drawn).toHaveLength(3);
    const labels = drawn.map(({ svg }) => [...svg.matchAll(/>([^<>]+)<\/text>/gu)].map((m) => m[1]).sort());
    expect(labels[0]).toEqual(['B', 'C', 'x--y', 'あ;い']);
    expect(labels[1]).toEqual(['X', 'Y']);
    expect(labels[2]).toEqual(['API', 'データベース', 'フロント', '画面', '送信']);
    expect(drawn.map(({ svg }) => svg.match(/class="edge"/gu)?.length)).toEqual([2, 1, 3]);
  });

  it('writes a hostile label as text, and drops unsafe styles, links and handlers', async () => {
    const source = [
      'graph LR',
      '  A["<img src=x onerror=alert(1)>"] -->|"<script>alert(2)</script>"| B["</svg><script>alert(3)</script>"]',
      '  style A fill:url(https://evil.example/x),stroke:"red',
      '  classDef k fill:red" onload="alert(4)',
      '  class B k',
      '  click A "javascript:alert(5)"',
    ].join('\n');
    const html = await render(fence(source) + fence('sequenceDiagram\n  participant P as <svg onload=alert(6)>\n  P->>Q: "><script>x</script>'));
    const drawn = svgs(html).map((s) => s.svg).join('');
    expect(drawn).toContain('&lt;img src=x onerror=alert(1)&gt;</text>');
    expect(drawn).toContain('&lt;script&gt;alert(2)&lt;/script&gt;</text>');
    expect(drawn).toContain('&lt;svg onload=alert(6)&gt;</text>');
    expect(html).not.toMatch(/<(?:img|script)\b/iu);
    const markup = drawn.replace(/>[^<]*</gu, '><');
    expect(markup).not.toMatch(/\son\w+=|javascript:|https?:\/\/(?!www\.w3\.org\/2000\/svg")|url\((?!#mmd-)/iu);
    expect(markup).not.toContain('evil');
    // Every element is one a diagram draws with, with attributes from the allowlist.
    for (const [, tag] of drawn.matchAll(/<([a-z]+)\b/gu)) expect(['svg', 'g', 'defs', 'marker', 'polygon', 'polyline', 'line', 'rect', 'circle', 'ellipse', 'path', 'text', 'tspan']).toContain(tag);
  });

  it('cleanSvg fails closed on markup it does not understand, and escapes stray ampersands', () => {
    const opts = { idPrefix: 'p-', name: 'n' };
    expect(() => cleanSvg('<svg><g></svg>', opts)).toThrow();
    expect(() => cleanSvg("<svg><rect x='1' onload='x'/></svg>", opts)).toThrow();
    expect(cleanSvg('<svg><text>a & b &nbsp; &amp;</text><script>alert(1)</script><foreignObject><div>x</div></foreignObject></svg>', opts)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="n" style="' +
        /style="([^"]*)"/u.exec(cleanSvg('<svg></svg>', opts))![1] +
        '"><text>a &amp; b &amp;nbsp; &amp;</text></svg>',
    );
  });

  it('shows a diagram it cannot draw as its source with a note, warning once, never throwing', async () => {
    silence();
    const broken = fence('graph XY\n  A --> B');
    const html = await render(broken + '\n' + fence('gantt\n  title 予定\n  section 準備\n  作業 :a1, 2025-01-01, 3d') + '\n' + broken);
    expect(html).toContain('<p class="diagram-error" role="note" data-pagefind-ignore>図を描けませんでした（Invalid mermaid header: &quot;graph XY&quot;.');
    expect(html).toContain('図を描けませんでした（この種類の図（gantt）には対応していません）');
    expect(html).toContain('<pre><code class="language-mermaid">graph XY\n  A --&gt; B\n</code></pre>');
    expect(html).toContain('<pre><code class="language-mermaid">gantt\n');
    expect(html).not.toContain('<svg');
    const lines = warn!.mock.calls.map((c) => String(c[0]));
    expect(lines).toEqual([
      expect.stringMatching(/^\[diagram\] src\/content\/posts\/2025\/diagram\.md: Invalid mermaid header: "graph XY"/u),
      '[diagram] src/content/posts/2025/diagram.md: unsupported diagram type "gantt" (shown as code)',
    ]);
  });

  it('refuses a diagram too large to draw in reasonable time, and an empty one', async () => {
    silence();
    const huge = 'graph TD\n' + Array.from({ length: 500 }, (_, i) => `  N${i} --> N${i + 1}`).join('\n');
    const html = await render(fence(huge) + fence('%% nothing'));
    expect(html).not.toContain('<svg');
    expect(warn!.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('diagram too large to draw at build time (') ,
      expect.stringContaining('empty diagram'),
    ]);
  });

  it('gives every id on a page a prefix of its own, per diagram and post', async () => {
    const html = await render(fence(flowchart) + fence(flowchart) + fence(sequence));
    const found = svgs(html);
    expect(found).toHaveLength(3);
    const ids = found.flatMap((s) => s.ids);
    expect(ids.length).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
    // References point at the diagram's own markers.
    for (const { svg, ids: own } of found) {
      for (const [, ref] of svg.matchAll(/url\(#([^)]+)\)/gu)) expect(own).toContain(ref);
    }
    const other = svgs(await render('別の記事\n\n' + fence(flowchart)))[0]!.ids;
    expect(other.some((id) => ids.includes(id))).toBe(false);
  });

  it('gives byte-identical output for the same post, in this process and in another', async () => {
    const md = fence(flowchart) + fence(sequence) + fence('stateDiagram-v2\n  [*] --> A\n  A --> B: 次へ');
    const first = await render(md);
    await render(fence('graph TD\n  X --> Y --> Z --> X'));
    expect(await render(md)).toBe(first);
    const script = [
      "const { markdownToHtml } = await import('satteri');",
      `const { diagrams } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'src/markdown/diagrams.ts')).href)});`,
      `const md = ${JSON.stringify(md)};`,
      `process.stdout.write((await markdownToHtml(md, { mdastPlugins: [diagrams('ja')], fileURL: new URL(${JSON.stringify(fileURL.href)}) })).html);`,
    ].join('\n');
    const other = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    // Same plugins as `render` but raw-html, which leaves this output alone.
    expect(other).toBe(first);
    expect(drawDiagram(flowchart, { labels: diagramLabels('ja'), idPrefix: 'x-' })).toBe(drawDiagram(flowchart, { labels: diagramLabels('ja'), idPrefix: 'x-' }));
  });

  it('leaves posts without Mermaid and other code alone', async () => {
    expect(diagrams('ja')({ source: '# 題\n\n本文', fileURL, sourceFormat: 'markdown', data: {} })).toBeNull();
    expect(await render('```js\nconst mermaid = 1;\n```\n')).toBe('<pre><code class="language-js">const mermaid = 1;\n</code></pre>\n');
  });

  it('speaks English on an English site', async () => {
    const html = await render(fence(flowchart), 'en');
    expect(html).toContain('aria-label="Flowchart"');
    expect(html).toContain('<summary>Diagram source (Mermaid)</summary>');
  });
});
