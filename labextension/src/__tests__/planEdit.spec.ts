/**
 * @jest-environment jsdom
 *
 * Editing an ask card's plan in the review: the enums follow the plan schema, the quick check
 * gives one line per mistake, the dropdowns and the JSON text stay in step, the Re-run click
 * reaches the action, and the client sends `rerun_plan` and returns the kernel's bundle.
 */
import Ajv2020 from 'ajv/dist/2020';

import { makeBundle } from './fixture';
import { ITransport, PanelClient, ProtocolError } from '../panel/protocol';
import {
  checkPlanText,
  fieldOptions,
  IPlanDraft,
  isPlanCard,
  mergeRerun,
  PLAN_ENUMS,
  planText,
  setPlanField,
  visibleFields
} from '../proposals/planEdit';
import { IBundle, IProposal, JSONObject } from '../proposals/types';
import { IViewActions, IViewState, renderBundle } from '../proposals/view';

declare const require: (path: string) => { [key: string]: unknown };
const planSchema = require('../../../jupyter_genanalyst/plan/plan.schema.json') as {
  properties: { [key: string]: { enum?: string[] } };
};

const PLAN = {
  op: 'aggregate',
  column: 'revenue',
  column2: null,
  group_by: null,
  agg: 'mean',
  method: null,
  outliers: { rule: 'zscore', column: null, threshold: 3 },
  decimals: 2,
  version: '1'
};

function planBundle(): IBundle {
  const bundle = makeBundle();
  const p1: IProposal = {
    ...bundle.proposals[0],
    id: 'p1',
    title: '101.23 — mean of `revenue`',
    origin: 'plan',
    plan: PLAN as unknown as JSONObject
  };
  return { ...bundle, request: { ...bundle.request, kind: 'ask' }, proposals: [p1] };
}

describe('the plan form', () => {
  it('offers exactly the plan schema enums', () => {
    for (const field of ['op', 'agg', 'method', 'format'] as const) {
      expect([...PLAN_ENUMS[field]]).toEqual(planSchema.properties[field].enum);
    }
  });

  it('shows the plan without nulls and accepts it back as valid under the schema', () => {
    const text = planText(PLAN);
    expect(text).not.toContain('null');
    const checked = checkPlanText(text);
    expect(checked.ok).toBe(true);
    const validate = new Ajv2020({ strict: false }).compile(planSchema);
    expect(checked.ok && validate(checked.plan)).toBe(true);
  });

  it.each([
    ['{"op": ', 'not valid JSON'],
    ['[1]', 'must be a JSON object'],
    ['{"version": "1"}', 'needs "op"'],
    ['{"op": "aggregate", "agg": "avg"}', 'agg: "avg" is not one of'],
    ['{"op": "explode"}', 'op: "explode" is not one of'],
    ['{"op": "count", "colum": "x"}', 'Unknown plan field(s): colum.'],
    ['{"op": "count", "version": "2"}', 'version must be "1"'],
    ['{"op": "aggregate", "column": 3}', 'column must be a column name']
  ])('refuses %s in one line', (text, fragment) => {
    const checked = checkPlanText(text);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toContain(fragment);
      expect(checked.message).not.toContain('\n');
    }
  });

  it('keeps dropdowns and text in step; changing the operation drops what no longer fits', () => {
    let text = planText(PLAN);
    expect(visibleFields(text)).toEqual(['op', 'agg', 'column']);
    text = setPlanField(text, 'agg', 'median');
    expect(JSON.parse(text).agg).toBe('median');
    text = setPlanField(text, 'op', 'correlation');
    expect(JSON.parse(text).agg).toBeUndefined();
    expect(visibleFields(text)).toEqual(['op', 'method', 'column', 'column2']);
    expect(fieldOptions('method', text, [])).toEqual(['pearson', 'spearman', 'kendall']);
    expect(fieldOptions('column2', text, ['a', 'b'])).toEqual(['', 'a', 'b']);
    text = setPlanField(text, 'method', 'spearman');
    text = setPlanField(text, 'op', 'test');
    expect(JSON.parse(text).method).toBeUndefined(); // spearman is not a test
    expect(setPlanField('{"op": ', 'agg', 'sum')).toBe('{"op": '); // typing: text wins
  });

  it('merges the kernel bundle but keeps this review, resetting a recomputed card', () => {
    const current = { ...planBundle(), review: { p1: { status: 'accepted' as const } } };
    const added = { ...current, proposals: [...current.proposals, { ...current.proposals[0], id: 'p1-r1' }] };
    expect(mergeRerun(current, added, 'p1-r1').review).toEqual({ p1: { status: 'accepted' } });
    expect(mergeRerun(current, current, 'p1').review).toEqual({});
  });
});

describe('the plan editor in the review card', () => {
  const base: IViewState = {
    drafts: new Map(),
    message: '',
    messageKind: 'info',
    runnable: 0,
    running: false,
    runErrors: new Map()
  };

  function actions(calls: string[], withPlan = true): IViewActions {
    const log =
      (name: string) =>
      (...args: unknown[]) =>
        calls.push(`${name}:${args.join(',')}`);
    return {
      setStatus: log('setStatus'),
      startEdit: log('startEdit'),
      updateDraft: log('updateDraft'),
      saveEdit: log('saveEdit'),
      cancelEdit: log('cancelEdit'),
      acknowledge: log('acknowledge'),
      insert: log('insert'),
      runInserted: log('runInserted'),
      copyMagic: log('copyMagic'),
      plan: withPlan
        ? {
            start: log('plan.start'),
            updateText: log('plan.updateText'),
            setField: log('plan.setField'),
            rerun: log('plan.rerun'),
            cancel: log('plan.cancel')
          }
        : undefined
    };
  }

  it('offers "Edit plan" on plan cards only', () => {
    const calls: string[] = [];
    const root = renderBundle(planBundle(), base, actions(calls));
    const edit = root.querySelector<HTMLButtonElement>('.jp-GenAnalyst-editPlan');
    expect(edit).not.toBeNull();
    edit?.click();
    expect(calls).toEqual(['plan.start:p1']);
    expect(isPlanCard(makeBundle().proposals[0])).toBe(false);
    expect(renderBundle(makeBundle(), base, actions([])).querySelector('.jp-GenAnalyst-editPlan')).toBeNull();
    expect(renderBundle(planBundle(), base, actions([], false)).querySelector('.jp-GenAnalyst-editPlan')).toBeNull();
  });

  it('draws dropdowns from the columns, the JSON, the error line, and reports changes', () => {
    const calls: string[] = [];
    const draft: IPlanDraft = {
      text: planText(PLAN),
      error: 'No column \'profit\'.',
      busy: false,
      columns: ['region', 'revenue', 'units']
    };
    const state = { ...base, planDrafts: new Map([['p1', draft]]) };
    const root = renderBundle(planBundle(), state, actions(calls));
    const selects = Array.from(root.querySelectorAll<HTMLSelectElement>('.jp-GenAnalyst-planField'));
    expect(selects.map(s => s.getAttribute('data-field'))).toEqual(['op', 'agg', 'column']);
    const column = selects[2];
    expect(column.value).toBe('revenue');
    expect(Array.from(column.options).map(o => o.value)).toEqual(['region', 'revenue', 'units']);
    column.value = 'units';
    column.dispatchEvent(new Event('change'));
    const area = root.querySelector<HTMLTextAreaElement>('.jp-GenAnalyst-planText');
    expect(JSON.parse(area?.value ?? '{}').column).toBe('revenue');
    area!.value = '{"op": "count"}';
    area!.dispatchEvent(new Event('input'));
    expect(root.querySelector('.jp-GenAnalyst-planError')?.textContent).toBe("⚠ No column 'profit'.");
    root.querySelector<HTMLButtonElement>('.jp-GenAnalyst-rerun')?.click();
    expect(calls).toEqual([
      'plan.setField:p1,column,units',
      'plan.updateText:p1,{"op": "count"}',
      'plan.rerun:p1'
    ]);
  });

  it('hides column dropdowns until the kernel sent the columns; busy disables Re-run', () => {
    const draft: IPlanDraft = { text: planText(PLAN), error: '', busy: true, columns: [] };
    const root = renderBundle(planBundle(), { ...base, planDrafts: new Map([['p1', draft]]) }, actions([]));
    const fields = Array.from(root.querySelectorAll('.jp-GenAnalyst-planField'));
    expect(fields.map(s => s.getAttribute('data-field'))).toEqual(['op', 'agg']);
    const rerun = root.querySelector<HTMLButtonElement>('.jp-GenAnalyst-rerun');
    expect(rerun?.disabled).toBe(true);
    expect(rerun?.textContent).toBe('Re-running…');
  });
});

describe('rerun_plan over the comm', () => {
  function fakeKernel(answer: (msg: { [key: string]: unknown }) => { [key: string]: unknown }): {
    transport: ITransport;
    sent: { [key: string]: unknown }[];
  } {
    const sent: { [key: string]: unknown }[] = [];
    let deliver: (data: unknown) => void = () => undefined;
    const transport: ITransport = {
      send: data => {
        sent.push(data);
        const reply = answer(data);
        setTimeout(() => deliver({ request_id: data.request_id, ...reply }), 0);
      },
      listen: onData => {
        deliver = onData;
      },
      close: () => undefined
    };
    return { transport, sent };
  }

  it('sends the bundle, card id and plan; returns the new bundle and card id', async () => {
    const bundle = planBundle();
    const { transport, sent } = fakeKernel(() => ({
      type: 'rerun_reply',
      bundle: bundle as unknown as JSONObject,
      proposal_id: 'p1-r1',
      seconds: 0.02
    }));
    const client = new PanelClient(transport);
    const reply = await client.rerunPlan(bundle, 'p1', { version: '1', op: 'count' });
    expect(sent[0]).toMatchObject({ type: 'rerun_plan', proposal_id: 'p1', plan: { op: 'count' } });
    expect(reply.proposal_id).toBe('p1-r1');
    expect(reply.bundle.run_id).toBe(bundle.run_id);
  });

  it('rejects with the kernel one-line error', async () => {
    const { transport } = fakeKernel(() => ({ type: 'error', message: "No column 'profit'." }));
    const client = new PanelClient(transport);
    await expect(client.rerunPlan(planBundle(), 'p1', { op: 'count' })).rejects.toEqual(
      new ProtocolError("No column 'profit'.")
    );
  });
});
