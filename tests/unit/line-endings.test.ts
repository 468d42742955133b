/**
 * Posts with Windows line endings render as the same post with Unix ones
 * (src/markdown/line-endings.ts, applied before every pre-pass in processor.ts).
 */
import { describe, expect, it } from 'vitest';
import { normalizeLineEndings } from '../../src/markdown/line-endings.ts';
import { postRenderer } from '../helpers/markdown-settings.ts';

const render = await postRenderer();

describe('line endings', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeLineEndings('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(normalizeLineEndings('本文\n')).toBe('本文\n');
  });

  it('joins Japanese lines of a CRLF post as of an LF one', async () => {
    const crlf = await render('本文の\r\n一行目\r\n\r\n- 項目の\r\n  続き\r\n');
    expect(crlf).toContain('本文の一行目');
    expect(crlf).toContain('項目の続き');
    expect(crlf).not.toContain('\r');
    expect(crlf).toBe(await render('本文の\n一行目\n\n- 項目の\n  続き\n'));
  });

  it('keeps code blocks of a CRLF post line by line', async () => {
    const html = await render('```\r\none\r\ntwo\r\n```\r\n');
    expect(html).not.toContain('\r');
    expect(html).toBe(await render('```\none\ntwo\n```\n'));
  });
});
