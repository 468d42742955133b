import { describe, expect, it } from 'vitest';
import { mdxProseHtml } from '../../src/markdown/mdx-prose.ts';
import { htmlToText } from '../../src/blog/text.ts';

describe('the prose of an .mdx post', () => {
  it('leaves out imports, exports, JSX elements and expressions, and keeps the Markdown', () => {
    const source = [
      '---',
      'title: t',
      '---',
      "import Card from '../../components/Card.astro';",
      "export const answer = 42;",
      '',
      '最初の段落は',
      '二行に分けて書きました。',
      '',
      '<Card title="x">カードの中身</Card>',
      '',
      '答えは {answer} です。 $x_1$ も書けます。',
      '',
      ':::message',
      'お知らせ',
      ':::',
      '',
      '<Tabs.Item label="a" />',
    ].join('\n');
    const html = mdxProseHtml(source, 'ja');
    expect(html).not.toMatch(/import|export|<Card|Tabs|\{answer\}/u);
    expect(html).toContain('最初の段落は二行に分けて書きました。');
    expect(html).toContain('class="katex"');
    expect(html).toContain('callout-note');
    expect(htmlToText(html)).toContain('カードの中身');
  });
});
