import { describe, expect, it } from 'vitest';
import { fitTitle, TITLE_BOX, TITLE_LINE_HEIGHT } from '../../src/lib/share-image-layout.ts';
import { renderShareImage, shareImageKey } from '../../src/lib/share-image.ts';

const fits = (t: { fontSize: number; lines: number }) => t.lines * t.fontSize * TITLE_LINE_HEIGHT <= TITLE_BOX.height;

describe('share image titles', () => {
  it('keep short titles large', () => {
    expect(fitTitle('短い題').fontSize).toBe(72);
  });

  it('shrink as titles grow, always within the title box', () => {
    const sizes = [10, 30, 60, 90, 120].map((n) => fitTitle('あ'.repeat(n)));
    for (const t of sizes) expect(fits(t)).toBe(true);
    expect(sizes.map((t) => t.fontSize)).toEqual([...sizes.map((t) => t.fontSize)].sort((a, b) => b - a));
    expect(sizes[0]!.fontSize).toBeGreaterThan(sizes.at(-1)!.fontSize);
  });

  it('cut a title too long for the box with …, never mid-character', () => {
    const t = fitTitle('𠮷'.repeat(500));
    expect(t.text.endsWith('…')).toBe(true);
    expect(t.text.isWellFormed()).toBe(true);
    expect([...t.text].length).toBeLessThan(500);
    expect(fits(t)).toBe(true);
    expect(fitTitle('a'.repeat(80)).text).toBe('a'.repeat(80)); // fits whole: nothing cut
  });
});

describe('share images', () => {
  it('are 1200x630 PNGs, also for a very long title', async () => {
    const png = await renderShareImage({ title: 'とても長い題名'.repeat(30), date: '2022年2月23日', tags: ['a', 'b'], siteTitle: 'ノート' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  });

  it('are keyed by what they show', () => {
    const base = { title: '題', date: '2022年2月23日', tags: ['a'], siteTitle: 'ノート' };
    expect(shareImageKey(base)).toBe(shareImageKey({ ...base }));
    expect(shareImageKey(base)).not.toBe(shareImageKey({ ...base, title: '別の題' }));
    expect(shareImageKey(base)).not.toBe(shareImageKey({ ...base, tags: ['b'] }));
  });
});
