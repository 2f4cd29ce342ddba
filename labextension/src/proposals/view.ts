/**
 * DOM for the review UI: a header with an honest badge (who wrote the shown cards) and
 * the notice, one card per proposal, and the "Insert accepted" footer. Every word comes from
 * the bundle's `words` (the kernel's catalogue, in the bundle's language; see labels.ts).
 * Stateless: it draws a
 * bundle plus the widget's transient UI state and reports clicks as actions.
 */

import { h } from '../dom';
import { segmentNarrative } from './highlight';
import {
  COLUMN_FIELDS,
  fieldOptions,
  fieldValue,
  IPlanDraft,
  isPlanCard,
  visibleFields
} from './planEdit';
import {
  effectiveCode,
  entryOf,
  isEdited,
  needsAcknowledgement,
  provenanceOf,
  summarize
} from './model';
import {
  badgeOf,
  hiddenReason,
  hiddenSummary,
  isHidden,
  languageOf,
  numberCounts,
  numbersLabel,
  originLabel,
  wordOf
} from './labels';
import {
  IBundle,
  ICodeCheck,
  IFact,
  INumberCheck,
  IProposal,
  IReviewEntry,
  INextQuestion,
  Language,
  ReviewStatus
} from './types';

export interface IDraft {
  narrative: string;
  code: string[];
}

export interface IViewState {
  /** Proposals in edit mode, with the text typed so far. */
  drafts: ReadonlyMap<string, IDraft>;
  message: string;
  messageKind: 'info' | 'error';
  /** Inserted code cells of this run still in the notebook (the "Run inserted cells" count). */
  runnable: number;
  /** A run of the inserted cells is going on. */
  running: boolean;
  /** Why an inserted cell of a proposal failed when run, by proposal id. */
  runErrors: ReadonlyMap<string, string>;
  /** Plan cards whose plan is being edited, by proposal id. */
  planDrafts?: ReadonlyMap<string, IPlanDraft>;
}

/** Edit an `ask` card's plan and re-run it in the kernel (absent: no "Edit plan" button). */
export interface IPlanActions {
  start(id: string): void;
  /** The text area changed (no redraw). */
  updateText(id: string, text: string): void;
  /** A dropdown changed one field of the plan. */
  setField(id: string, field: string, value: string): void;
  rerun(id: string): void;
  cancel(id: string): void;
}

export interface IViewActions {
  setStatus(id: string, status: ReviewStatus): void;
  startEdit(id: string): void;
  updateDraft(id: string, draft: IDraft): void;
  saveEdit(id: string): void;
  cancelEdit(id: string): void;
  acknowledge(id: string, value: boolean): void;
  insert(): void;
  /** Run this analysis's inserted code cells, in order (a human click, never automatic). */
  runInserted(): void;
  plan?: IPlanActions;
  /** Copy a next question's `%ga` line. */
  copyMagic(magic: string): void;
  /** Fill the panel's form with a next question and run it; absent outside the panel. */
  ask?: (question: INextQuestion) => void;
}


/** Data attribute used to restore keyboard focus after a re-render. */
export const FOCUS_KEY = 'data-ga-focus';

/** Data attribute of `<details>` whose open state survives a re-render. */
export const OPEN_KEY = 'data-ga-open';

function button(
  label: string,
  focusKey: string,
  onClick: () => void,
  attrs: { [name: string]: string | boolean | undefined } = {}
): HTMLButtonElement {
  const b = h('button', { type: 'button', [FOCUS_KEY]: focusKey, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

function renderNumber(n: INumberCheck): HTMLElement {
  if (n.verified) {
    const where = n.fact_id
      ? `fact ${n.fact_id}${n.value_name ? ` (${n.value_name})` : ''}`
      : 'a cited fact';
    return h(
      'span',
      {
        class: 'jp-GenAnalyst-num jp-mod-verified',
        title: `Verified against ${where}: the number matches; its meaning is not checked`
      },
      n.text
    );
  }
  return h(
    'mark',
    {
      class: 'jp-GenAnalyst-num jp-mod-unverified',
      title: 'Unverified: this number matches no cited fact'
    },
    n.text,
    h('span', { class: 'jp-GenAnalyst-unverifiedTag' }, ' [unverified]')
  );
}

function renderNarrative(p: IProposal, entry: IReviewEntry): HTMLElement {
  if (entry.narrative !== undefined) {
    return h('div', { class: 'jp-GenAnalyst-narrative' }, entry.narrative);
  }
  const numbers = p.grounding?.numbers ?? [];
  const { segments } = segmentNarrative(p.narrative, numbers);
  return h(
    'div',
    { class: 'jp-GenAnalyst-narrative' },
    segments.map(s => (s.number ? renderNumber(s.number) : s.text))
  );
}

/**
 * The honest number label: the kernel's `labels.numbers` when present, else counted from the
 * grounding; never a percentage, and "no numbers to check" when there are none.
 */
function renderGrounding(
  bundle: IBundle,
  p: IProposal,
  entry: IReviewEntry,
  language: Language
): HTMLElement {
  if (entry.narrative !== undefined) {
    return h(
      'p',
      { class: 'jp-GenAnalyst-grounding jp-mod-edited' },
      wordOf(bundle, 'edited_note')
    );
  }
  const { verified, total } = numberCounts(p);
  const marked = (p.grounding?.numbers ?? []).some(n => !n.verified);
  return h(
    'p',
    { class: `jp-GenAnalyst-grounding${verified < total ? ' jp-mod-warn' : ''}` },
    numbersLabel(p, language),
    marked ? ` · ${wordOf(bundle, 'unverified_marked')}` : ''
  );
}

function renderCausal(p: IProposal): HTMLElement | null {
  const claims = p.grounding?.causal_claims ?? [];
  if (claims.length === 0) {
    return null;
  }
  return h(
    'div',
    { class: 'jp-GenAnalyst-warning', role: 'note' },
    h(
      'strong',
      {},
      '⚠ Causal claim: the facts show association, not cause. Check before keeping:'
    ),
    h(
      'ul',
      {},
      claims.map(c => h('li', {}, c))
    )
  );
}

function renderChecks(check: ICodeCheck | undefined): HTMLElement | null {
  if (!check) {
    return null;
  }
  const items: HTMLElement[] = [];
  if (!check.parses) {
    items.push(h('li', { class: 'jp-mod-danger' }, '⚠ Does not parse as Python.'));
  }
  for (const flag of check.safety ?? []) {
    const line = flag.line ? `, line ${flag.line}` : '';
    items.push(
      h('li', { class: 'jp-mod-danger' }, `⚠ Safety (${flag.rule}${line}): ${flag.message}`)
    );
  }
  for (const problem of check.problems ?? []) {
    items.push(h('li', { class: 'jp-mod-warn' }, `Check: ${problem}`));
  }
  return items.length ? h('ul', { class: 'jp-GenAnalyst-flags' }, items) : null;
}

function renderCode(p: IProposal, entry: IReviewEntry): HTMLElement | null {
  const code = effectiveCode(p, entry);
  if (code.length === 0) {
    return null;
  }
  return h(
    'div',
    { class: 'jp-GenAnalyst-codeList' },
    code.map((source, i) =>
      h(
        'div',
        { class: 'jp-GenAnalyst-codeItem' },
        h('pre', { class: 'jp-GenAnalyst-code', 'aria-label': `Proposed code cell ${i + 1}` },
          h('code', {}, source)),
        renderChecks(p.code_checks?.[i])
      )
    )
  );
}

function renderFacts(p: IProposal, facts: ReadonlyMap<string, IFact>): HTMLElement | null {
  if (p.fact_ids.length === 0) {
    return null;
  }
  return h(
    'details',
    { class: 'jp-GenAnalyst-facts', [OPEN_KEY]: `${p.id}:facts` },
    h('summary', { [FOCUS_KEY]: `${p.id}:facts` }, `Cited facts (${p.fact_ids.length})`),
    h(
      'ul',
      {},
      p.fact_ids.map(id => {
        const fact = facts.get(id);
        const evidence = fact?.evidence ? Object.values(fact.evidence) : [];
        return h(
          'li',
          {},
          h('code', {}, id),
          ' ',
          fact ? fact.text : '(not included in this output)',
          evidence.length
            ? h('div', { class: 'jp-GenAnalyst-evidence' }, 'Recompute: ',
                evidence.map((e, i) => [i ? '; ' : '', h('code', {}, e)]).flat())
            : null
        );
      })
    )
  );
}

function renderEditor(
  bundle: IBundle,
  p: IProposal,
  draft: IDraft,
  actions: IViewActions
): HTMLElement {
  const narrativeId = `ga-${p.id}-narrative`;
  const narrative = h('textarea', {
    id: narrativeId,
    class: 'jp-GenAnalyst-textarea',
    rows: 5,
    [FOCUS_KEY]: `${p.id}:edit-narrative`
  });
  narrative.value = draft.narrative;
  const codeAreas = draft.code.map((source, i) => {
    const area = h('textarea', {
      class: 'jp-GenAnalyst-textarea jp-mod-code',
      rows: Math.min(12, Math.max(3, source.split('\n').length + 1)),
      spellcheck: 'false',
      'aria-label': `Code cell ${i + 1} of ${p.title}`,
      [FOCUS_KEY]: `${p.id}:edit-code-${i}`
    });
    area.value = source;
    return area;
  });
  const update = () =>
    actions.updateDraft(p.id, { narrative: narrative.value, code: codeAreas.map(a => a.value) });
  narrative.addEventListener('input', update);
  codeAreas.forEach(a => a.addEventListener('input', update));
  return h(
    'div',
    { class: 'jp-GenAnalyst-editor' },
    h('label', { for: narrativeId }, 'Narrative (markdown)'),
    narrative,
    codeAreas.map((area, i) =>
      h('label', { class: 'jp-GenAnalyst-codeLabel' }, `Code cell ${i + 1}`, area)
    ),
    h(
      'div',
      { class: 'jp-GenAnalyst-actions' },
      button(wordOf(bundle, 'save_edit'), `${p.id}:save`, () => actions.saveEdit(p.id), {
        class: 'jp-GenAnalyst-button jp-mod-accept'
      }),
      button(wordOf(bundle, 'cancel'), `${p.id}:cancel`, () => actions.cancelEdit(p.id), {
        class: 'jp-GenAnalyst-button'
      })
    )
  );
}

/** The plan editor: dropdowns for the usual fields, the plan as JSON, Re-run / Cancel. */
function renderPlanEditor(
  bundle: IBundle,
  p: IProposal,
  draft: IPlanDraft,
  plan: IPlanActions
): HTMLElement {
  const areaId = `ga-${p.id}-plan`;
  const area = h('textarea', {
    id: areaId,
    class: 'jp-GenAnalyst-textarea jp-mod-code jp-GenAnalyst-planText',
    rows: Math.min(16, Math.max(4, draft.text.split('\n').length + 1)),
    spellcheck: 'false',
    disabled: draft.busy,
    [FOCUS_KEY]: `${p.id}:plan-text`
  });
  area.value = draft.text;
  area.addEventListener('input', () => plan.updateText(p.id, area.value));
  const selects = visibleFields(draft.text)
    // column dropdowns need the frame's columns from the kernel; the text area always works
    .filter(f => !(COLUMN_FIELDS as readonly string[]).includes(f) || draft.columns.length > 0)
    .map(field => {
      const current = fieldValue(draft.text, field);
      const options = fieldOptions(field, draft.text, draft.columns);
      if (current && !options.includes(current)) {
        options.unshift(current); // keep what the plan says, even if the list lacks it
      }
      const select = h(
        'select',
        {
          class: 'jp-GenAnalyst-planField',
          'data-field': field,
          disabled: draft.busy,
          [FOCUS_KEY]: `${p.id}:plan-${field}`
        },
        (current ? options : ['', ...options.filter(o => o !== '')]).map(o =>
          h('option', { value: o }, o === '' ? '—' : o)
        )
      );
      select.value = current;
      select.addEventListener('change', () => plan.setField(p.id, field, select.value));
      return h(
        'label',
        { class: 'jp-GenAnalyst-planLabel' },
        `${wordOf(bundle, `field_${field}`)} `,
        select
      );
    });
  return h(
    'div',
    {
      class: 'jp-GenAnalyst-planEditor',
      'aria-label': wordOf(bundle, 'plan_editor_label', { title: p.title })
    },
    h('div', { class: 'jp-GenAnalyst-planFields' }, selects),
    h('label', { for: areaId }, wordOf(bundle, 'plan_json')),
    area,
    draft.error
      ? h('p', { class: 'jp-GenAnalyst-planError jp-mod-error', role: 'alert' }, `⚠ ${draft.error}`)
      : null,
    h(
      'div',
      { class: 'jp-GenAnalyst-actions' },
      button(wordOf(bundle, draft.busy ? 'rerunning' : 'rerun'), `${p.id}:plan-rerun`, () => plan.rerun(p.id), {
        class: 'jp-GenAnalyst-button jp-mod-primary jp-GenAnalyst-rerun',
        disabled: draft.busy,
        title: wordOf(bundle, 'rerun_tip')
      }),
      button(wordOf(bundle, 'cancel'), `${p.id}:plan-cancel`, () => plan.cancel(p.id), {
        class: 'jp-GenAnalyst-button'
      })
    )
  );
}

function renderDecision(
  bundle: IBundle,
  p: IProposal,
  entry: IReviewEntry,
  actions: IViewActions
): HTMLElement {
  const locked = entry.inserted === true;
  const toggle = (status: ReviewStatus) =>
    actions.setStatus(p.id, entry.status === status ? 'pending' : status);
  return h(
    'div',
    { class: 'jp-GenAnalyst-actions', role: 'group', 'aria-label': `Decision on ${p.title}` },
    button(wordOf(bundle, entry.status === 'accepted' ? 'accepted_button' : 'accept'), `${p.id}:accept`,
      () => toggle('accepted'), {
        class: 'jp-GenAnalyst-button jp-mod-accept',
        'aria-pressed': String(entry.status === 'accepted'),
        'aria-label': `${wordOf(bundle, 'accept')}: ${p.title}`,
        disabled: locked
      }),
    button(wordOf(bundle, 'edit'), `${p.id}:edit`, () => actions.startEdit(p.id), {
      class: 'jp-GenAnalyst-button',
      'aria-label': `${wordOf(bundle, 'edit')}: ${p.title}`,
      disabled: locked
    }),
    button(wordOf(bundle, entry.status === 'rejected' ? 'rejected_button' : 'reject'), `${p.id}:reject`,
      () => toggle('rejected'), {
        class: 'jp-GenAnalyst-button jp-mod-reject',
        'aria-pressed': String(entry.status === 'rejected'),
        'aria-label': `${wordOf(bundle, 'reject')}: ${p.title}`,
        disabled: locked
      }),
    actions.plan && isPlanCard(p)
      ? button(wordOf(bundle, 'edit_plan'), `${p.id}:plan-edit`, () => actions.plan?.start(p.id), {
          class: 'jp-GenAnalyst-button jp-GenAnalyst-editPlan',
          'aria-label': wordOf(bundle, 'edit_plan_label', { title: p.title }),
          title: wordOf(bundle, 'edit_plan_tip')
        })
      : null
  );
}

function renderAcknowledge(
  bundle: IBundle,
  p: IProposal,
  entry: IReviewEntry,
  actions: IViewActions
): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    [FOCUS_KEY]: `${p.id}:ack`,
    disabled: entry.inserted === true
  });
  box.checked = entry.acknowledged === true;
  box.addEventListener('change', () => actions.acknowledge(p.id, box.checked));
  return h(
    'label',
    { class: 'jp-GenAnalyst-ack' },
    box,
    ` ${wordOf(bundle, 'acknowledge')}`
  );
}

function renderProposal(
  bundle: IBundle,
  p: IProposal,
  facts: ReadonlyMap<string, IFact>,
  state: IViewState,
  actions: IViewActions
): HTMLElement {
  const entry = entryOf(bundle, p.id);
  const draft = state.drafts.get(p.id);
  const planDraft = state.planDrafts?.get(p.id);
  const status = wordOf(bundle, entry.inserted ? 'status_inserted' : `status_${entry.status}`);
  const headingId = `ga-${bundle.run_id}-${p.id}-title`;
  const language = languageOf(bundle);
  const decided =
    entry.status !== 'pending' || entry.narrative !== undefined || entry.code !== undefined;
  const reviewed = decided ? wordOf(bundle, 'reviewed') : null;
  return h(
    'li',
    {
      class: 'jp-GenAnalyst-proposal',
      'data-proposal-id': p.id,
      'data-status': entry.inserted ? 'inserted' : entry.status,
      'aria-labelledby': headingId
    },
    h(
      'div',
      { class: 'jp-GenAnalyst-proposalHeader' },
      h('h3', { id: headingId, class: 'jp-GenAnalyst-title' }, p.title),
      h(
        'span',
        { class: 'jp-GenAnalyst-chip jp-GenAnalyst-origin', 'data-origin': p.origin },
        originLabel(p, language)
      ),
      isEdited(entry) ? h('span', { class: 'jp-GenAnalyst-chip' }, wordOf(bundle, 'edited')) : null,
      reviewed ? h('span', { class: 'jp-GenAnalyst-chip jp-GenAnalyst-reviewed' }, reviewed) : null,
      h('span', { class: 'jp-GenAnalyst-status' }, status)
    ),
    draft
      ? renderEditor(bundle, p, draft, actions)
      : [
          renderNarrative(p, entry),
          renderGrounding(bundle, p, entry, language),
          renderCausal(p),
          renderCode(p, entry)
        ],
    needsAcknowledgement(p) ? renderAcknowledge(bundle, p, entry, actions) : null,
    renderFacts(p, facts),
    p.note ? h('p', { class: 'jp-GenAnalyst-note' }, p.note) : null,
    state.runErrors.has(p.id)
      ? h('p', { class: 'jp-GenAnalyst-runError', role: 'alert' }, `⚠ ${state.runErrors.get(p.id)}`)
      : null,
    draft ? null : renderDecision(bundle, p, entry, actions),
    planDraft && actions.plan ? renderPlanEditor(bundle, p, planDraft, actions.plan) : null
  );
}

/**
 * One hidden candidate: its title and why the checks hid it, expandable to its text and code.
 * No decision buttons: a hidden candidate is never accepted or inserted.
 */
function renderHiddenItem(bundle: IBundle, p: IProposal, language: Language): HTMLElement {
  const code = p.code.filter(c => c.trim());
  return h(
    'li',
    { class: 'jp-GenAnalyst-hiddenItem', 'data-proposal-id': p.id, 'data-status': 'hidden' },
    h(
      'details',
      { [OPEN_KEY]: `${p.id}:hidden` },
      h(
        'summary',
        { [FOCUS_KEY]: `${p.id}:hidden` },
        h('span', { class: 'jp-GenAnalyst-hiddenTitle' }, p.title),
        ' — ',
        h('span', { class: 'jp-GenAnalyst-hiddenReason' }, hiddenReason(p, language))
      ),
      h(
        'div',
        { class: 'jp-GenAnalyst-hiddenBody' },
        h('p', { class: 'jp-GenAnalyst-hiddenNote' }, wordOf(bundle, 'hidden_note')),
        h(
          'p',
          { class: 'jp-GenAnalyst-hiddenLabels' },
          `${originLabel(p, language)} · ${numbersLabel(p, language)}`
        ),
        renderNarrative(p, entryOf(bundle, p.id)),
        code.length
          ? h(
              'div',
              { class: 'jp-GenAnalyst-codeList' },
              code.map((source, i) =>
                h(
                  'pre',
                  {
                    class: 'jp-GenAnalyst-code',
                    'aria-label': `Hidden code cell ${i + 1} of ${p.title}`
                  },
                  h('code', {}, source)
                )
              )
            )
          : null
      )
    )
  );
}

/** The hidden candidates, collapsed under one line ("2 candidates hidden — why"). */
function renderHidden(bundle: IBundle, hidden: IProposal[]): HTMLElement | null {
  if (hidden.length === 0) {
    return null;
  }
  const language = languageOf(bundle);
  return h(
    'details',
    { class: 'jp-GenAnalyst-hidden', [OPEN_KEY]: 'hidden' },
    h(
      'summary',
      { class: 'jp-GenAnalyst-hiddenSummary', [FOCUS_KEY]: 'hidden' },
      hiddenSummary(bundle, hidden.length)
    ),
    h(
      'ul',
      { class: 'jp-GenAnalyst-hiddenList' },
      hidden.map(p => renderHiddenItem(bundle, p, language))
    )
  );
}

function renderFooter(bundle: IBundle, state: IViewState, actions: IViewActions): HTMLElement {
  const s = summarize(bundle);
  const parts = [
    wordOf(bundle, 'count_accepted', { count: s.accepted }),
    wordOf(bundle, 'count_rejected', { count: s.rejected }),
    wordOf(bundle, 'count_pending', { count: s.pending })
  ];
  if (s.inserted) {
    parts.push(wordOf(bundle, 'count_inserted', { count: s.inserted }));
  }
  if (s.hidden) {
    parts.push(wordOf(bundle, 'count_hidden', { count: s.hidden }));
  }
  const hint =
    s.blocked > 0
      ? `${s.blocked} accepted proposal${s.blocked > 1 ? 's need' : ' needs'} the warning acknowledged first.`
      : '';
  return h(
    'div',
    { class: 'jp-GenAnalyst-footer' },
    button(wordOf(bundle, 'insert', { count: s.insertable }), 'insert', () => actions.insert(), {
      class: 'jp-GenAnalyst-button jp-mod-primary jp-GenAnalyst-insert',
      disabled: s.insertable === 0 || state.drafts.size > 0,
      title: 'Insert accepted proposals as new cells below this cell (not run)'
    }),
    state.runnable > 0
      ? button(
          state.running
            ? wordOf(bundle, 'running')
            : wordOf(bundle, 'run_inserted', { count: state.runnable }),
          'run-inserted',
          () => actions.runInserted(),
          {
            class: 'jp-GenAnalyst-button jp-GenAnalyst-runInserted',
            disabled: state.running,
            title: 'Run the code cells this analysis inserted, in order; stops at the first error'
          }
        )
      : null,
    h('span', { class: 'jp-GenAnalyst-summary' }, parts.join(' · ')),
    hint ? h('span', { class: 'jp-GenAnalyst-hint' }, hint) : null,
    h(
      'p',
      {
        class: `jp-GenAnalyst-message${state.messageKind === 'error' ? ' jp-mod-error' : ''}`,
        role: 'status',
        tabindex: -1,
        [FOCUS_KEY]: 'message',
        'aria-live': 'polite'
      },
      state.message
    )
  );
}

const NEXT_TITLE: { [key in Language]: string } = { en: 'Next questions', 'zh-Hant': '接下來可以問' };
const COPY_LABEL: { [key in Language]: string } = { en: 'Copy %ga', 'zh-Hant': '複製 %ga' };

/**
 * The follow-ups the facts raise, in the bundle's language: in the panel each question is a
 * button that fills the form and runs it; everywhere its `%ga` line can be copied.
 */
function renderNextQuestions(bundle: IBundle, actions: IViewActions): HTMLElement | null {
  const questions = bundle.next_questions ?? [];
  if (questions.length === 0) {
    return null;
  }
  const language: Language = bundle.language ?? 'en';
  const ask = actions.ask;
  return h(
    'section',
    { class: 'jp-GenAnalyst-next', 'aria-label': NEXT_TITLE[language] },
    h('h4', {}, NEXT_TITLE[language]),
    h(
      'ol',
      {},
      questions.map((q, i) =>
        h(
          'li',
          { class: 'jp-GenAnalyst-nextItem' },
          ask
            ? button(q.text, `next:${i}:ask`, () => ask(q), {
                class: 'jp-GenAnalyst-nextAsk',
                title: `Fill the form with this question and run it (${q.magic.split('\n')[0]})`
              })
            : h('span', { class: 'jp-GenAnalyst-nextText' }, q.text),
          h('code', { class: 'jp-GenAnalyst-nextMagic' }, q.magic),
          button(COPY_LABEL[language], `next:${i}:copy`, () => actions.copyMagic(q.magic), {
            class: 'jp-GenAnalyst-button jp-GenAnalyst-nextCopy',
            title: 'Copy this line; paste it into a cell to ask it'
          })
        )
      )
    )
  );
}

/** The whole review UI for a bundle. */
export function renderBundle(
  bundle: IBundle,
  state: IViewState,
  actions: IViewActions
): HTMLElement {
  const facts = new Map(bundle.facts.map(f => [f.id, f] as [string, IFact]));
  // Hidden candidates come last in the bundle; split anyway so order is never trusted.
  const shown = bundle.proposals.filter(p => !isHidden(p));
  const hidden = bundle.proposals.filter(p => isHidden(p));
  const request = bundle.request
    ? [bundle.request.kind, bundle.request.frame].filter(Boolean).join(' · ')
    : '';
  return h(
    'section',
    { class: 'jp-GenAnalyst-review', 'aria-label': `${badgeOf(bundle)}: proposals for your review` },
    h(
      'header',
      { class: 'jp-GenAnalyst-header' },
      h('span', { class: 'jp-GenAnalyst-badge' }, badgeOf(bundle)),
      h('span', { class: 'jp-GenAnalyst-label' }, provenanceOf(bundle)),
      request ? h('span', { class: 'jp-GenAnalyst-request' }, request) : null
    ),
    bundle.notice
      ? h(
          'p',
          { class: 'jp-GenAnalyst-notice', role: 'note' },
          h('strong', {}, wordOf(bundle, 'note')),
          bundle.notice
        )
      : null,
    shown.length === 0
      ? h(
          'p',
          { class: 'jp-GenAnalyst-empty' },
          hidden.length ? wordOf(bundle, 'nothing_passed') : 'No proposals in this output.'
        )
      : h(
          'ol',
          { class: 'jp-GenAnalyst-proposals' },
          shown.map(p => renderProposal(bundle, p, facts, state, actions))
        ),
    renderHidden(bundle, hidden),
    renderFooter(bundle, state, actions),
    renderNextQuestions(bundle, actions)
  );
}

/** Shown instead of the review UI for unknown versions or broken data. */
export function renderProblem(message: string): HTMLElement {
  return h(
    'section',
    { class: 'jp-GenAnalyst-review jp-mod-problem', role: 'alert' },
    h('span', { class: 'jp-GenAnalyst-badge' }, 'AI-generated'),
    h('p', {}, message)
  );
}
