/**
 * Hidden candidates and honest labels (issue 12): what the checks hid is never decided on or
 * inserted, and labels never claim more than the checks did.
 */
import {
  hiddenReason,
  hiddenSummary,
  isHidden,
  numbersLabel,
  originLabel,
  reviewedLabel
} from '../proposals/labels';
import {
  insertBlocker,
  parseBundle,
  planInsertion,
  setEdit,
  setStatus,
  summarize
} from '../proposals/model';
import { IBundle, IProposal } from '../proposals/types';
import { makeBundle, makeHiddenBundle } from './fixture';

function parsed(data: unknown): IBundle {
  const result = parseBundle(data);
  if (result.kind !== 'ok') {
    throw new Error(result.message);
  }
  return result.bundle;
}

function proposal(bundle: IBundle, id: string): IProposal {
  const p = bundle.proposals.find(q => q.id === id);
  if (!p) {
    throw new Error(id);
  }
  return p;
}

describe('hidden candidates', () => {
  it('keeps `hidden` and `labels` through parsing', () => {
    const b = parsed(makeHiddenBundle());
    expect(b.proposals.filter(isHidden).map(p => p.id)).toEqual(['h1', 'h2']);
    expect(proposal(b, 'p2').labels?.origin).toBe('AI-generated');
    expect(b.language).toBe('en');
  });

  it('cannot be accepted, rejected or inserted, even from a saved review', () => {
    let b = parsed(makeHiddenBundle());
    expect(setStatus(b, 'h1', 'accepted')).toBe(b); // unchanged, same object
    b = setStatus(b, 'p1', 'accepted');
    b = setStatus(b, 'p2', 'accepted');
    // a review saved by an older frontend that accepted h2 must not insert it now
    b = { ...b, review: { ...b.review, h2: { status: 'accepted' } } };
    expect(insertBlocker(proposal(b, 'h2'), { status: 'accepted' })).toBe('hidden by the checks');
    const plan = planInsertion(b);
    expect(plan.ids).toEqual(['p1', 'p2']);
    expect(plan.cells.some(c => c.source.includes('{{id}}'))).toBe(false);
  });

  it('are left out of the review counts and counted apart', () => {
    let b = parsed(makeHiddenBundle());
    b = setStatus(b, 'p1', 'accepted');
    b = { ...b, review: { ...b.review, h1: { status: 'accepted' } } };
    const s = summarize(b);
    expect(s).toMatchObject({ total: 2, hidden: 2, accepted: 1, pending: 1, insertable: 1 });
  });

  it('still take an edit call without becoming insertable', () => {
    const b = setEdit(parsed(makeHiddenBundle()), 'h1', { narrative: 'fixed by hand' });
    expect(planInsertion(setStatus(b, 'h1', 'accepted')).ids).toEqual([]);
  });

  it('are summed up by the kernel line, else by a correctly pluralised English one', () => {
    const b = parsed(makeHiddenBundle());
    expect(hiddenSummary(b, 2)).toBe('2 candidates hidden — why');
    delete b.hidden_summary;
    expect(hiddenSummary(b, 1)).toBe('1 candidate hidden — why');
    expect(hiddenSummary(b, 3)).toBe('3 candidates hidden — why');
    expect(hiddenSummary({ ...b, language: 'zh-Hant' }, 2)).toBe('已隱藏 2 個候選 — 原因');
    expect(hiddenSummary({ ...b, hidden_summary: '已隱藏 2 個候選 — 原因' }, 2)).toBe(
      '已隱藏 2 個候選 — 原因'
    );
  });

  it('say why in one line, and a blank reason still says the checks hid it', () => {
    const b = parsed(makeHiddenBundle());
    expect(hiddenReason(proposal(b, 'h2'), 'zh-Hant')).toBe('與事實不符的數字：2014, 300%');
    const blank = { ...proposal(b, 'h1'), hidden: '  \n ' };
    expect(isHidden(blank)).toBe(true);
    expect(hiddenReason(blank, 'en')).toBe('hidden by the checks');
    expect(isHidden({ ...blank, hidden: null })).toBe(false);
  });
});

describe('honest labels', () => {
  const b = parsed(makeBundle()); // no `labels`: the UI derives them from the grounding

  it('prefers the kernel label over any derived wording', () => {
    const h = parsed(makeHiddenBundle());
    expect(numbersLabel(proposal(h, 'p1'), 'en')).toBe(
      '1 of 2 numbers match the facts (the meaning is not checked)'
    );
    expect(originLabel(proposal(h, 'p1'), 'en')).toBe('Written from the facts without a model');
  });

  it('says "no numbers to check" when there are none, never 100% verified', () => {
    const p2 = proposal(b, 'p2');
    expect(p2.grounding?.faithfulness).toBe(1);
    expect(numbersLabel(p2, 'en')).toBe('no numbers to check');
    expect(numbersLabel({ ...p2, grounding: null }, 'zh-Hant')).toBe('沒有需要核對的數字');
  });

  it('counts matching numbers without a percentage and says the meaning is unchecked', () => {
    const p1 = proposal(b, 'p1');
    expect(numbersLabel(p1, 'en')).toBe('1 of 2 numbers matches the facts (the meaning is not checked)');
    expect(numbersLabel(p1, 'zh-Hant')).toBe('2 個數字中有 1 個與事實相符（語意未經檢查）');
    const numbers = p1.grounding?.numbers ?? [];
    const all = { ...p1, grounding: { numbers: numbers.map(n => ({ ...n, verified: true })) } };
    expect(numbersLabel(all, 'en')).toBe('all 2 numbers match the facts (the meaning is not checked)');
    const one = { ...p1, grounding: { numbers: numbers.slice(0, 1) } };
    expect(numbersLabel(one, 'en')).toBe('1 of 1 number matches the facts (the meaning is not checked)');
    const none = { ...p1, grounding: { numbers: numbers.map(n => ({ ...n, verified: false })) } };
    expect(numbersLabel(none, 'en')).toBe('0 of 2 numbers match the facts (the meaning is not checked)');
  });

  it('calls only model text AI-generated', () => {
    expect(originLabel(proposal(b, 'p2'), 'en')).toBe('AI-generated');
    expect(originLabel(proposal(b, 'p1'), 'en')).toBe('Written from the facts without a model');
    for (const origin of ['story', 'plan', 'template'] as const) {
      expect(originLabel({ ...proposal(b, 'p2'), origin }, 'zh-Hant')).toBe(
        '由事實直接寫成，未使用語言模型'
      );
    }
  });

  it('says "reviewed by you" only after a decision or an edit', () => {
    expect(reviewedLabel({ status: 'pending' }, 'en')).toBeNull();
    expect(reviewedLabel({ status: 'accepted' }, 'en')).toBe('reviewed by you');
    expect(reviewedLabel({ status: 'rejected' }, 'zh-Hant')).toBe('已由您審閱');
    expect(reviewedLabel({ status: 'pending', narrative: 'mine' }, 'en')).toBe('reviewed by you');
  });
});
