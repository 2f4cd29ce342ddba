/**
 * Honest labels and hidden candidates, as the review UI words them.
 *
 * The kernel writes the labels in the user's language (`labels`, `hidden_summary`); these
 * functions prefer them and only derive a fallback for bundles that lack them (written
 * before issue 12). The fallback never claims more than the checks did: no numbers means
 * "no numbers to check", never "100% verified", and the meaning is said to be unchecked.
 */

import { plural } from '../text';
import { IBundle, IProposal, IReviewEntry, Language } from './types';

interface IWords {
  noNumbers: string;
  numbers(verified: number, total: number): string;
  fromFacts: string;
  aiGenerated: string;
  reviewed: string;
  hiddenSummary(count: number): string;
  hiddenReason: string;
  hiddenNote: string;
  unverifiedMarked: string;
}

const WORDS: { [key in Language]: IWords } = {
  en: {
    noNumbers: 'no numbers to check',
    numbers: (verified, total) =>
      verified === total && total > 1
        ? `all ${total} numbers match the facts (the meaning is not checked)`
        : `${verified} of ${plural(total, 'number')} ${verified === 1 ? 'matches' : 'match'} ` +
          'the facts (the meaning is not checked)',
    fromFacts: 'Written from the facts without a model',
    aiGenerated: 'AI-generated',
    reviewed: 'reviewed by you',
    hiddenSummary: count => `${plural(count, 'candidate')} hidden — why`,
    hiddenReason: 'hidden by the checks',
    hiddenNote: 'Hidden by the checks: it cannot be accepted or inserted.',
    unverifiedMarked: 'numbers that match no fact are marked in the text'
  },
  'zh-Hant': {
    noNumbers: '沒有需要核對的數字',
    numbers: (verified, total) =>
      verified === total
        ? `全部 ${total} 個數字與事實相符（語意未經檢查）`
        : `${total} 個數字中有 ${verified} 個與事實相符（語意未經檢查）`,
    fromFacts: '由事實直接寫成，未使用語言模型',
    aiGenerated: 'AI 生成',
    reviewed: '已由您審閱',
    hiddenSummary: count => `已隱藏 ${count} 個候選 — 原因`,
    hiddenReason: '未通過自動檢查',
    hiddenNote: '已被自動檢查隱藏：無法接受或插入。',
    unverifiedMarked: '與事實不符的數字已在文中標出'
  }
};

/**
 * The review UI's words. One source: the kernel's catalogue (jupyter_genanalyst/i18n.py,
 * `review.*`), sent in every bundle as `words` in the bundle's language, because the
 * ipywidgets review (Python) needs the very same words and the kernel already writes the
 * labels in the user's language. The English below is only the fallback for bundles saved
 * by a kernel without `words`; tests/unit/test_review_words.py checks it against the
 * catalogue's English.
 */
export const FALLBACK_WORDS: { [key: string]: string } = {
  accept: 'Accept',
  accepted_button: 'Accepted ✓',
  edit: 'Edit',
  reject: 'Reject',
  rejected_button: 'Rejected ✕',
  status_pending: 'Pending review',
  status_accepted: 'Accepted',
  status_rejected: 'Rejected',
  status_inserted: 'Inserted below',
  status_queued: 'Queued for insertion',
  edited: 'edited',
  edited_note: 'Edited by you: numbers in your text are not re-checked against the facts.',
  save_edit: 'Save edit and accept',
  cancel: 'Cancel',
  acknowledge:
    'I have read the warning. Insert this code anyway (it is never run automatically).',
  insert: 'Insert accepted ({count})',
  queue: 'Queue accepted ({count})',
  run_inserted: 'Run inserted cells ({count})',
  running: 'Running inserted cells…',
  inserted_one: 'Inserted one cell below, not run.',
  inserted_many: 'Inserted {count} cells below, not run.',
  undo: 'Undo with Ctrl+Z (or Z) in command mode.',
  count_accepted: '{count} accepted',
  count_rejected: '{count} rejected',
  count_pending: '{count} pending',
  count_inserted: '{count} inserted',
  count_hidden: '{count} hidden',
  note: 'Note: ',
  nothing_passed: 'No candidate passed the checks; the hidden ones are listed below.',
  reviewed: 'reviewed by you',
  hidden_note: 'Hidden by the checks: it cannot be accepted or inserted.',
  hidden_reason: 'hidden by the checks',
  unverified_marked: 'numbers that match no fact are marked in the text',
  badge_facts: 'Written from the facts — no model text',
  badge_ai: 'AI-generated',
  badge_mixed_one:
    'AI-generated: card {cards} (model text); the others are written from the facts',
  badge_mixed: 'AI-generated: cards {cards} (model text); the others are written from the facts',
  cell_ai: 'AI-generated, reviewed by you',
  cell_from_facts: 'Written from the facts (no model), reviewed by you',
  edit_plan: 'Edit plan',
  edit_plan_tip: 'Change a column, the test or a rule, then re-run on the same frame',
  edit_plan_label: 'Edit the plan and re-run: {title}',
  plan_editor_label: 'Edit the plan of {title}',
  plan_json: 'Plan (JSON; filters, rules and rounding are edited here)',
  rerun: 'Re-run',
  rerunning: 'Re-running…',
  rerun_tip: 'Re-run on the same frame, computed by our code (never by a model); adds a card',
  field_op: 'Operation',
  field_agg: 'Aggregate',
  field_method: 'Method / test',
  field_column: 'Column',
  field_column2: 'Second column',
  field_group_by: 'Group by',
  field_target: 'Target'
};

/** One review word of `bundle`, its `{name}` slots filled: the kernel's, else the fallback. */
export function wordOf(
  bundle: IBundle,
  key: string,
  values: { [name: string]: string | number } = {}
): string {
  const template = bundle.words?.[key] ?? FALLBACK_WORDS[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (slot, name: string) =>
    name in values ? String(values[name]) : slot
  );
}

/** Origins no model wrote; anything else (`llm`, unknown) is model text. */
const FROM_FACTS: IProposal['origin'][] = ['template', 'story', 'plan'];

/** A model wrote this card. */
export function isModelText(p: IProposal): boolean {
  return !FROM_FACTS.includes(p.origin);
}

/**
 * The header badge: "AI-generated" only when every shown card is model text; storyteller and
 * plan cards alone say no model wrote them; a mixed review names the model's cards (1-based
 * positions among the shown cards).
 */
export function badgeOf(bundle: IBundle): string {
  const shown = bundle.proposals.filter(p => !isHidden(p));
  const model = shown.map((p, i) => (isModelText(p) ? i + 1 : 0)).filter(i => i > 0);
  if (model.length === 0) {
    return wordOf(bundle, 'badge_facts');
  }
  if (model.length === shown.length) {
    return wordOf(bundle, 'badge_ai');
  }
  const key = model.length === 1 ? 'badge_mixed_one' : 'badge_mixed';
  return wordOf(bundle, key, { cards: model.join(', ') });
}

/** The bundle's language; anything unknown reads as English. */
export function languageOf(bundle: IBundle): Language {
  return bundle.language === 'zh-Hant' ? 'zh-Hant' : 'en';
}

export function wordsOf(language: Language): IWords {
  return WORDS[language];
}

/** The checks hid this candidate: it is shown collapsed and can never be inserted. */
export function isHidden(p: IProposal): boolean {
  return typeof p.hidden === 'string';
}

/** Why it was hidden, one line; a blank reason still says the checks hid it. */
export function hiddenReason(p: IProposal, language: Language): string {
  const reason = (p.hidden ?? '').replace(/\s+/g, ' ').trim();
  return reason || WORDS[language].hiddenReason;
}

/** The line over the collapsed hidden candidates: the kernel's, else "N candidates hidden — why". */
export function hiddenSummary(bundle: IBundle, count: number): string {
  const given = (bundle.hidden_summary ?? '').trim();
  return given || WORDS[languageOf(bundle)].hiddenSummary(count);
}

/** Numbers that match a fact and all numbers, from `labels` or else from the grounding. */
export function numberCounts(p: IProposal): { verified: number; total: number } {
  if (p.labels) {
    return { verified: p.labels.verified, total: p.labels.total };
  }
  const numbers = p.grounding?.numbers ?? [];
  return { verified: numbers.filter(n => n.verified).length, total: numbers.length };
}

/** "3 of 4 numbers match the facts (the meaning is not checked)" or "no numbers to check". */
export function numbersLabel(p: IProposal, language: Language): string {
  const given = p.labels?.numbers?.trim();
  if (given) {
    return given;
  }
  const { verified, total } = numberCounts(p);
  return total === 0 ? WORDS[language].noNumbers : WORDS[language].numbers(verified, total);
}

/** "AI-generated" only on model text; storyteller, template and plan cards say no model wrote them. */
export function originLabel(p: IProposal, language: Language): string {
  const given = p.labels?.origin?.trim();
  if (given) {
    return given;
  }
  return p.origin === 'llm' ? WORDS[language].aiGenerated : WORDS[language].fromFacts;
}

/** "reviewed by you" once the human accepted, rejected or edited the card; null before. */
export function reviewedLabel(entry: IReviewEntry, language: Language): string | null {
  const decided =
    entry.status !== 'pending' || entry.narrative !== undefined || entry.code !== undefined;
  return decided ? WORDS[language].reviewed : null;
}
