import { segmentNarrative } from '../proposals/highlight';
import { INumberCheck } from '../proposals/types';

function num(text: string, start: number, verified = true): INumberCheck {
  return { text, start, end: start + Array.from(text).length, value: 0, unit: null, verified };
}

describe('segmentNarrative', () => {
  it('splits text around numbers in offset order', () => {
    const text = 'Mean 12.5, up 40%.';
    const { segments, unplaced } = segmentNarrative(text, [num('40%', 14, false), num('12.5', 5)]);
    expect(segments.map(s => s.text)).toEqual(['Mean ', '12.5', ', up ', '40%', '.']);
    expect(segments[1].number?.verified).toBe(true);
    expect(segments[3].number?.verified).toBe(false);
    expect(unplaced).toEqual([]);
  });

  it('counts offsets in code points like Python does', () => {
    const text = '📈 Sales rose 12%.';
    const { segments } = segmentNarrative(text, [num('12%', 13)]);
    expect(segments.map(s => s.text)).toEqual(['📈 Sales rose ', '12%', '.']);
  });

  it('leaves out checks whose offsets do not match their text or overlap', () => {
    const text = 'A 1 B 2';
    const { segments, unplaced } = segmentNarrative(text, [
      num('1', 2),
      num('9', 6),
      num('1 B', 2),
      { ...num('2', 6), end: 99 }
    ]);
    expect(segments.map(s => s.text).join('')).toBe(text);
    expect(unplaced).toHaveLength(3);
  });
});
