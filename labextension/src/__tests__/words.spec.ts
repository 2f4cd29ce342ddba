/**
 * @jest-environment jsdom
 *
 * The review speaks the bundle's language (its `words`, sent by the kernel from its one
 * catalogue) and is honest about who wrote what: the header badge says "AI-generated" only
 * when every shown card is model text, and inserted storyteller cells carry neither the
 * "AI-generated" label nor the `ai-generated` tag.
 */
import { badgeOf, FALLBACK_WORDS, wordOf } from '../proposals/labels';
import {
  buildCells,
  cellLabelOf,
  cellTagsOf,
  parseBundle,
  proposalOf,
  setStatus
} from '../proposals/model';
import { FACTS_TAG, AI_TAG, IBundle } from '../proposals/types';
import { IViewActions, IViewState, renderBundle } from '../proposals/view';
import { makeBundle, makeHiddenBundle } from './fixture';

/** What jupyter_genanalyst.i18n.review_words('zh-Hant') sends (the keys used below). */
const ZH_WORDS: { [key: string]: string } = {
  accept: '接受',
  accepted_button: '已接受 ✓',
  edit: '編輯',
  reject: '拒絕',
  rejected_button: '已拒絕 ✕',
  status_pending: '待審閱',
  status_accepted: '已接受',
  reviewed: '已由您審閱',
  insert: '插入已接受的候選（{count}）',
  count_accepted: '已接受 {count}',
  count_rejected: '已拒絕 {count}',
  count_pending: '待審閱 {count}',
  count_hidden: '已隱藏 {count}',
  note: '注意：',
  badge_facts: '由事實寫成 — 沒有模型文字',
  badge_ai: 'AI 生成',
  badge_mixed_one: 'AI 生成：第 {cards} 張卡片（模型文字）；其餘由事實寫成',
  badge_mixed: 'AI 生成：第 {cards} 張卡片（模型文字）；其餘由事實寫成',
  cell_ai: 'AI 生成，已由您審閱',
  cell_from_facts: '由事實寫成（未使用模型），已由您審閱'
};

function parsed(data: unknown): IBundle {
  const result = parseBundle(data);
  if (result.kind !== 'ok') {
    throw new Error(result.message);
  }
  return result.bundle;
}

const state: IViewState = {
  drafts: new Map(),
  message: '',
  messageKind: 'info',
  runnable: 0,
  running: false,
  runErrors: new Map()
};

const noop = () => undefined;
const actions: IViewActions = {
  setStatus: noop,
  startEdit: noop,
  updateDraft: noop,
  saveEdit: noop,
  cancelEdit: noop,
  acknowledge: noop,
  insert: noop,
  runInserted: noop,
  copyMagic: noop
};

function text(el: Element | null): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function zhBundle(): IBundle {
  return parsed({ ...makeHiddenBundle(), language: 'zh-Hant', words: ZH_WORDS });
}

function storyOnly(): IBundle {
  const b = makeBundle();
  b.proposals.forEach(p => (p.origin = 'story'));
  b.model = 'template';
  b.label = 'Written from the facts without a model · jupyter_genanalyst 0.1.0';
  return parsed(b);
}

describe('review words follow the bundle language', () => {
  it('draws buttons, statuses and the footer in Traditional Chinese', () => {
    const b = setStatus(zhBundle(), 'p1', 'accepted');
    const root = renderBundle(b, state, actions);
    const p1 = root.querySelector('[data-proposal-id="p1"]');
    const p2 = root.querySelector('[data-proposal-id="p2"]');
    const buttons = (card: Element | null) =>
      Array.from(card?.querySelectorAll('.jp-GenAnalyst-actions button') ?? []).map(e =>
        text(e)
      );
    expect(buttons(p1)).toEqual(['已接受 ✓', '編輯', '拒絕']);
    expect(buttons(p2)).toEqual(['接受', '編輯', '拒絕']);
    expect(text(p1?.querySelector('.jp-GenAnalyst-status') ?? null)).toBe('已接受');
    expect(text(p2?.querySelector('.jp-GenAnalyst-status') ?? null)).toBe('待審閱');
    // "reviewed by you" only after a decision, in the bundle's words
    expect(text(p1?.querySelector('.jp-GenAnalyst-reviewed') ?? null)).toBe('已由您審閱');
    expect(p2?.querySelector('.jp-GenAnalyst-reviewed')).toBeNull();
    expect(text(root.querySelector('.jp-GenAnalyst-insert'))).toBe('插入已接受的候選（1）');
    expect(text(root.querySelector('.jp-GenAnalyst-summary'))).toBe(
      '已接受 1 · 已拒絕 0 · 待審閱 1 · 已隱藏 2'
    );
    expect(root.textContent).not.toMatch(/\bAccept\b|\bReject\b|Pending review/);
  });

  it('falls back to English for a bundle without words', () => {
    const b = parsed(makeBundle());
    expect(wordOf(b, 'accept')).toBe('Accept');
    expect(wordOf(b, 'insert', { count: 2 })).toBe('Insert accepted (2)');
    expect(wordOf(b, 'badge_mixed', { cards: '2, 3' })).toBe(
      'AI-generated: cards 2, 3 (model text); the others are written from the facts'
    );
    expect(Object.keys(FALLBACK_WORDS)).toEqual(expect.arrayContaining(Object.keys(ZH_WORDS)));
  });
});

describe('an honest badge', () => {
  it('never says AI-generated over storyteller cards only', () => {
    const b = storyOnly();
    expect(badgeOf(b)).toBe('Written from the facts — no model text');
    const root = renderBundle(b, state, actions);
    expect(text(root.querySelector('.jp-GenAnalyst-badge'))).toBe(
      'Written from the facts — no model text'
    );
    expect(root.querySelector('.jp-GenAnalyst-header')?.textContent).not.toMatch(/AI-generated/i);
  });

  it('names the model cards of a mixed review, in its language', () => {
    // makeHiddenBundle: p1 storyteller, p2 model text shown; the hidden ones do not count
    expect(badgeOf(parsed(makeHiddenBundle()))).toBe(
      'AI-generated: card 2 (model text); the others are written from the facts'
    );
    expect(badgeOf(zhBundle())).toBe('AI 生成：第 2 張卡片（模型文字）；其餘由事實寫成');
  });

  it('says AI-generated when every shown card is model text', () => {
    const b = makeBundle();
    b.proposals.forEach(p => (p.origin = 'llm'));
    expect(badgeOf(parsed(b))).toBe('AI-generated');
  });
});

describe('inserted cells say who wrote them', () => {
  it('labels and tags storyteller cells as written from the facts', () => {
    const b = setStatus(parsed(makeHiddenBundle()), 'p1', 'accepted');
    const p1 = proposalOf(b, 'p1');
    expect(cellLabelOf(b, p1)).toBe(
      'Written from the facts (no model), reviewed by you · jupyter_genanalyst 0.1.0'
    );
    expect(cellTagsOf(p1)).toEqual([FACTS_TAG]);
    const cells = buildCells(b, 'p1');
    expect(cells[0].source.split('\n')[0]).toBe(
      '> **Written from the facts (no model), reviewed by you · jupyter_genanalyst 0.1.0**'
    );
    for (const cell of cells) {
      expect(cell.metadata.tags).toEqual(['genanalyst-from-facts']);
      expect(cell.source).not.toMatch(/AI-generated/);
    }
  });

  it('keeps AI-generated and its tag on model text, in the bundle language', () => {
    const en = parsed(makeHiddenBundle());
    const p2 = proposalOf(en, 'p2');
    expect(cellLabelOf(en, p2)).toBe(
      'AI-generated, reviewed by you · model: template · jupyter_genanalyst 0.1.0'
    );
    expect(cellTagsOf(p2)).toEqual([AI_TAG]);
    const zh = zhBundle();
    expect(cellLabelOf(zh, proposalOf(zh, 'p2'))).toMatch(/^AI 生成，已由您審閱 · model: /);
    expect(cellLabelOf(zh, proposalOf(zh, 'p1'))).toBe(
      '由事實寫成（未使用模型），已由您審閱 · jupyter_genanalyst 0.1.0'
    );
  });
});
