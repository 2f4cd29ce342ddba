/**
 * @jest-environment jsdom
 *
 * The review DOM for hidden candidates and honest labels: hidden ones are collapsed under one
 * line with their reasons and have no decision buttons; every card says who wrote it and how
 * many of its numbers match the facts; "reviewed by you" appears only after a decision.
 */
import { parseBundle, setStatus } from '../proposals/model';
import { IBundle } from '../proposals/types';
import { IViewActions, IViewState, renderBundle } from '../proposals/view';
import { makeBundle, makeHiddenBundle } from './fixture';

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

function render(bundle: IBundle, calls: string[] = [], panel = false): HTMLElement {
  const log =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push(`${name}:${args.join(',')}`);
  const actions: IViewActions = {
    setStatus: log('setStatus'),
    startEdit: log('startEdit'),
    updateDraft: log('updateDraft'),
    saveEdit: log('saveEdit'),
    cancelEdit: log('cancelEdit'),
    acknowledge: log('acknowledge'),
    insert: log('insert'),
    runInserted: log('runInserted'),
    copyMagic: log('copyMagic'),
    ask: panel ? (q => calls.push(`ask:${q.request.kind}:${q.request.target ?? ''}`)) : undefined
  };
  return renderBundle(bundle, state, actions);
}

function text(el: Element | null): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('the review with hidden candidates', () => {
  it('shows only the shown candidates as cards, hidden ones collapsed under one line', () => {
    const root = render(parsed(makeHiddenBundle()));
    const cards = root.querySelectorAll('.jp-GenAnalyst-proposals > .jp-GenAnalyst-proposal');
    expect(Array.from(cards).map(c => c.getAttribute('data-proposal-id'))).toEqual(['p1', 'p2']);
    const hidden = root.querySelector<HTMLDetailsElement>('details.jp-GenAnalyst-hidden');
    expect(hidden?.open).toBe(false);
    expect(text(hidden?.querySelector(':scope > summary') ?? null)).toBe(
      '2 candidates hidden — why'
    );
    const items = Array.from(hidden?.querySelectorAll('.jp-GenAnalyst-hiddenItem') ?? []);
    expect(items.map(i => text(i.querySelector('summary')))).toEqual([
      '{{id}} data — template debris: {{id}}',
      '臺北市營收成長 300% — 與事實不符的數字：2014, 300%'
    ]);
    // expandable to the text and code, but never decided on
    expect(text(items[1].querySelector('.jp-GenAnalyst-narrative'))).toBe(
      '臺北市的營收在 2014 年成長了 300%。'
    );
    expect(text(items[0].querySelector('.jp-GenAnalyst-code'))).toBe('{{id}} {{data}}');
    expect(hidden?.querySelectorAll('button').length).toBe(0);
  });

  it('counts only shown candidates in "Insert accepted" and names the hidden ones apart', () => {
    let bundle = parsed(makeHiddenBundle());
    bundle = { ...bundle, review: { h1: { status: 'accepted' }, h2: { status: 'accepted' } } };
    let root = render(bundle);
    expect(text(root.querySelector('.jp-GenAnalyst-insert'))).toBe('Insert accepted (0)');
    expect(root.querySelector<HTMLButtonElement>('.jp-GenAnalyst-insert')?.disabled).toBe(true);
    bundle = setStatus(bundle, 'p2', 'accepted');
    root = render(bundle);
    expect(text(root.querySelector('.jp-GenAnalyst-insert'))).toBe('Insert accepted (1)');
    expect(text(root.querySelector('.jp-GenAnalyst-summary'))).toBe(
      '1 accepted · 0 rejected · 1 pending · 2 hidden'
    );
  });

  it('falls back to a pluralised English summary and says when nothing passed', () => {
    const bundle = parsed(makeHiddenBundle());
    delete bundle.hidden_summary;
    bundle.proposals = bundle.proposals.filter(p => p.id === 'h2');
    const root = render(bundle);
    expect(text(root.querySelector('.jp-GenAnalyst-hiddenSummary'))).toBe(
      '1 candidate hidden — why'
    );
    expect(text(root.querySelector('.jp-GenAnalyst-empty'))).toMatch(/No candidate passed/);
    expect(root.querySelector('.jp-GenAnalyst-proposals')).toBeNull();
  });

  it('has no hidden section when nothing was hidden', () => {
    const root = render(parsed(makeBundle()));
    expect(root.querySelector('.jp-GenAnalyst-hidden')).toBeNull();
    expect(text(root.querySelector('.jp-GenAnalyst-summary'))).toBe(
      '0 accepted · 0 rejected · 3 pending'
    );
  });
});

describe('honest labels on the cards', () => {
  it('shows each card’s origin and number label instead of a percentage', () => {
    const root = render(parsed(makeHiddenBundle()));
    const card = (id: string) => root.querySelector(`[data-proposal-id="${id}"]`);
    expect(text(card('p1')?.querySelector('.jp-GenAnalyst-origin') ?? null)).toBe(
      'Written from the facts without a model'
    );
    expect(text(card('p2')?.querySelector('.jp-GenAnalyst-origin') ?? null)).toBe('AI-generated');
    expect(text(card('p1')?.querySelector('.jp-GenAnalyst-grounding') ?? null)).toBe(
      '1 of 2 numbers match the facts (the meaning is not checked) · ' +
        'numbers that match no fact are marked in the text'
    );
    expect(text(card('p2')?.querySelector('.jp-GenAnalyst-grounding') ?? null)).toBe(
      'no numbers to check'
    );
    expect(root.textContent).not.toMatch(/%\s*(of numbers )?verified|numbers verified/);
    const num = card('p1')?.querySelector('.jp-GenAnalyst-num.jp-mod-verified');
    expect(num?.getAttribute('title')).toBe(
      'Verified against fact desc.mean.revenue (mean): the number matches; its meaning is not checked'
    );
  });

  it('derives "no numbers to check" for old bundles without labels', () => {
    const root = render(parsed(makeBundle()));
    const p2 = root.querySelector('[data-proposal-id="p2"] .jp-GenAnalyst-grounding');
    expect(text(p2)).toBe('no numbers to check');
    const p1 = root.querySelector('[data-proposal-id="p1"]');
    expect(text(p1?.querySelector('.jp-GenAnalyst-origin') ?? null)).toBe(
      'Written from the facts without a model'
    );
  });

  it('says "reviewed by you" only after a decision', () => {
    let bundle = parsed(makeHiddenBundle());
    expect(render(bundle).querySelectorAll('.jp-GenAnalyst-reviewed').length).toBe(0);
    bundle = setStatus(bundle, 'p1', 'rejected');
    const marks = render(bundle).querySelectorAll('.jp-GenAnalyst-reviewed');
    expect(Array.from(marks).map(m => m.closest('[data-proposal-id]')?.getAttribute('data-proposal-id'))).toEqual(['p1']);
    expect(text(marks[0])).toBe('reviewed by you');
  });

  it('reports Accept clicks on shown cards only', () => {
    const calls: string[] = [];
    const root = render(parsed(makeHiddenBundle()), calls);
    root.querySelectorAll<HTMLButtonElement>('button').forEach(b => b.click());
    const decided = calls.filter(c => c.startsWith('setStatus') || c.startsWith('startEdit'));
    expect(decided.every(c => /:(p1|p2)(,|$)/.test(c))).toBe(true);
    expect(decided.length).toBe(6);
  });
});

describe('the review header', () => {
  it('names the model and version without claiming a review nobody made yet', () => {
    const root = render(parsed(makeHiddenBundle()));
    const label = text(root.querySelector('.jp-GenAnalyst-label'));
    expect(label).toBe('model: template · jupyter_genanalyst 0.1.0');
    const bare = render(parsed({ ...makeHiddenBundle(), label: '' }));
    expect(text(bare.querySelector('.jp-GenAnalyst-label'))).toBe('model: template');
  });
});

describe('next questions', () => {
  const questions = [
    {
      text: 'What could we change to increase sales?',
      magic: '%ga prescribe df --target sales --goal increase',
      request: { kind: 'prescribe', frame: 'df', target: 'sales', goal: 'increase' as const },
      fact_id: 'diag.driver.sales.price'
    },
    {
      text: 'What happened to sales on 2024-03-14?',
      magic: '%%ga ask df\nWhat happened to sales on 2024-03-14?',
      request: { kind: 'ask', frame: 'df', question: 'What happened to sales on 2024-03-14?' }
    }
  ];

  it('lists them after the cards with a copy button for each %ga line', () => {
    const calls: string[] = [];
    const el = render(parsed({ ...makeBundle(), next_questions: questions }), calls);
    const section = el.querySelector('.jp-GenAnalyst-next');
    expect(text(section?.querySelector('h4') ?? null)).toBe('Next questions');
    const items = Array.from(section?.querySelectorAll('li') ?? []);
    expect(items.map(li => text(li.querySelector('.jp-GenAnalyst-nextText')))).toEqual(
      questions.map(q => q.text)
    );
    expect(text(items[0].querySelector('code'))).toBe(questions[0].magic);
    expect(section?.querySelector('.jp-GenAnalyst-nextAsk')).toBeNull(); // not in the panel
    (items[1].querySelector('.jp-GenAnalyst-nextCopy') as HTMLButtonElement).click();
    expect(calls).toEqual([`copyMagic:${questions[1].magic}`]);
  });

  it('in the panel a question is a button that asks it; headings follow the language', () => {
    const calls: string[] = [];
    const bundle = parsed({ ...makeBundle(), language: 'zh-Hant', next_questions: questions });
    const el = render(bundle, calls, true);
    expect(text(el.querySelector('.jp-GenAnalyst-next h4'))).toBe('接下來可以問');
    (el.querySelector('.jp-GenAnalyst-nextAsk') as HTMLButtonElement).click();
    expect(calls).toEqual(['ask:prescribe:sales']);
  });

  it('drops malformed entries and has no section without questions', () => {
    const broken = parsed({ ...makeBundle(), next_questions: [{ text: 'x' }, questions[0]] });
    expect(broken.next_questions?.length).toBe(1);
    expect(render(parsed(makeBundle())).querySelector('.jp-GenAnalyst-next')).toBeNull();
  });
});
