/**
 * Split a narrative into plain text and checked numbers, from `grounding.numbers`
 * offsets (docs/protocol.md section 2: the frontend never parses the markers).
 *
 * The offsets come from Python, so they count Unicode code points, not UTF-16
 * units; text before an emoji would otherwise shift every later highlight.
 */

import { INumberCheck } from './types';

export interface ISegment {
  text: string;
  /** The number check this segment shows, if it is a number. */
  number?: INumberCheck;
}

export interface ISegmentation {
  segments: ISegment[];
  /** Checks whose offsets did not point at their text (shown in the summary only). */
  unplaced: INumberCheck[];
}

export function segmentNarrative(
  narrative: string,
  numbers: readonly INumberCheck[]
): ISegmentation {
  const chars = Array.from(narrative);
  const sorted = [...numbers].sort((a, b) => a.start - b.start || a.end - b.end);
  const segments: ISegment[] = [];
  const unplaced: INumberCheck[] = [];
  let pos = 0;
  for (const n of sorted) {
    const valid =
      Number.isInteger(n.start) &&
      Number.isInteger(n.end) &&
      n.start >= pos &&
      n.end > n.start &&
      n.end <= chars.length &&
      chars.slice(n.start, n.end).join('') === n.text;
    if (!valid) {
      unplaced.push(n);
      continue;
    }
    if (n.start > pos) {
      segments.push({ text: chars.slice(pos, n.start).join('') });
    }
    segments.push({ text: n.text, number: n });
    pos = n.end;
  }
  if (pos < chars.length) {
    segments.push({ text: chars.slice(pos).join('') });
  }
  return { segments, unplaced };
}
