// Zenn, Qiita and GitHub constructs added to a share of the benchmark's generated posts, the same
// way every time, so that `npm run bench -- --dialect` measures what math, diagrams, cards, embeds,
// callouts and code-fence names cost in a build: every 5th post gets callouts, a details block and
// math; every 10th a link card and an embed; every 20th a mermaid diagram.
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const CALLOUTS = `
:::message
このあたりは **重要** です。\`npm run build\` の前に確認します。
:::

> [!WARNING]
> 本番環境では設定を見直してください。

:::details 詳しい手順
\`\`\`ts:src/config.ts
export const answer = 42;
\`\`\`
:::
`;

const MATH = `
二次方程式 $ax^2 + bx + c = 0$ の解は次の式で与えられます。

$$
x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}
$$

添字が二つ $a_{ij} b_{jk}$ と $\\sum_{i=1}^{n} x_i^2$ も書けます。
`;

const CARDS = `
https://example.com/articles/astro-blog

@[youtube](dQw4w9WgXcQ)
`;

const DIAGRAM = `
\`\`\`mermaid
flowchart LR
  A[記事を書く] --> B{下書き?}
  B -- はい --> C[開発サーバーだけ]
  B -- いいえ --> D[ビルドして公開]
\`\`\`
`;

/**
 * Appends the constructs to the posts of `postsDir` (sorted by name) and says how many got each.
 * @param {string} postsDir
 */
export function addDialect(postsDir) {
  const files = readdirSync(postsDir).filter((f) => f.endsWith('.md')).sort();
  const counts = { callouts: 0, math: 0, cards: 0, diagrams: 0 };
  files.forEach((name, i) => {
    let extra = '';
    if (i % 5 === 0) {
      extra += CALLOUTS + MATH;
      counts.callouts++;
      counts.math++;
    }
    if (i % 10 === 0) {
      extra += CARDS;
      counts.cards++;
    }
    if (i % 20 === 0) {
      extra += DIAGRAM;
      counts.diagrams++;
    }
    if (extra) appendFileSync(join(postsDir, name), `\n${extra}`);
  });
  return counts;
}
