/** GFM task-list checkboxes get their item's text as accessible name (src/markdown/task-list-labels.ts). */
import { markdownToHtml, type MarkdownToHtmlResult } from 'satteri';
import { describe, expect, it } from 'vitest';
import { taskListLabels } from '../../src/markdown/task-list-labels.ts';

const render = (markdown: string) =>
  (markdownToHtml(markdown, { hastPlugins: [taskListLabels], features: { gfm: true } }) as MarkdownToHtmlResult).html.trim();

describe('task-list labels', () => {
  it('wraps the checkbox and its text in a label, checked or not, and keeps it disabled', () => {
    expect(render('- [x] 完了した**タスク**\n- [ ] まだの`タスク` [リンク](https://example.com/)')).toBe(
      [
        '<ul class="contains-task-list">',
        '<li class="task-list-item"><label><input type="checkbox" checked disabled> 完了した<strong>タスク</strong></label></li>',
        '<li class="task-list-item"><label><input type="checkbox" disabled> まだの<code>タスク</code> <a href="https://example.com/">リンク</a></label></li>',
        '</ul>',
      ].join('\n'),
    );
  });

  it('stops the label before a nested list and keeps the list as it was', () => {
    const html = render('1. [ ] 親\n   - [x] 子\n');
    expect(html).toMatch(/<li class="task-list-item"><label><input type="checkbox" disabled> 親\n<\/label><ul class="contains-task-list">/u);
    expect(html).toContain('<li class="task-list-item"><label><input type="checkbox" checked disabled> 子</label></li>');
  });

  it('labels the checkbox inside the first paragraph of a loose item', () => {
    const html = render('- [x] 一段落目\n\n  二段落目\n- [ ] 次');
    expect(html).toContain('<p><label><input type="checkbox" checked disabled> 一段落目</label></p>');
    expect(html).toContain('<p>二段落目</p>');
  });

  it('names a checkbox whose text starts with HTML by its text, without splitting the tags', () => {
    const html = render('- [ ] <b>太字</b> &amp; 続き');
    expect(html).toContain('<input type="checkbox" disabled aria-label="太字 &amp; 続き"> <b>太字</b>');
    expect(html).not.toContain('<label>');
  });

  it('reads the HTML as a browser does: a `>` inside an attribute does not end the tag', () => {
    const html = render('- [ ] <span title="a>b">見出し</span> の続き');
    expect(html).toContain('aria-label="見出し の続き"');
  });

  it('gives every checkbox of a task list a name', () => {
    const html = render('- [ ] a\n- [x] b <i>c</i>\n  - [ ] d\n\n1. [ ] <em>e</em>\n');
    const inputs = [...html.matchAll(/<input[^>]*>/gu)];
    expect(inputs).toHaveLength(4);
    for (const m of inputs) {
      const before = html.slice(0, m.index);
      expect(before.endsWith('<label>') || m[0].includes('aria-label='), m[0]).toBe(true);
    }
  });

  it('leaves lists that are not task lists, and checkboxes written in HTML, alone', () => {
    expect(render('- [ ]\n- a\n- [y] b')).not.toContain('<label>');
    expect(render('<input type="checkbox"> x')).toBe('<p><input type="checkbox"> x</p>');
  });
});
