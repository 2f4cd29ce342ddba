/**
 * Editing an `ask` card's plan in the review (docs/ask.md, "Edit and re-run"): the plan as
 * JSON text plus dropdowns for the fields a person usually changes (operation, aggregate,
 * test/method, columns), kept in step with the text. Pure functions; the kernel checks the
 * plan again against the full plan schema and the frame before its own executor runs it.
 */

import { IBundle, IProposal, JSONObject } from './types';

/** The plan schema's enums (jupyter_genanalyst/plan/plan.schema.json; a jest test keeps them equal). */
export const PLAN_ENUMS = {
  op: [
    'count',
    'aggregate',
    'group_aggregate',
    'top_k',
    'value_counts',
    'correlation',
    'test',
    'shape',
    'regression',
    'classify',
    'date_range'
  ],
  agg: [
    'count',
    'sum',
    'mean',
    'median',
    'std',
    'var',
    'min',
    'max',
    'quantile',
    'nunique',
    'mode',
    'share'
  ],
  method: [
    'pearson',
    'spearman',
    'kendall',
    'ttest_1samp',
    'ttest_ind',
    'welch',
    'mannwhitney',
    'ttest_paired',
    'chi2',
    'anova',
    'kruskal',
    'shapiro',
    'dagostino',
    'ks',
    'levene',
    'skew',
    'kurtosis',
    'ols',
    'logistic',
    'tree',
    'knn',
    'forest'
  ],
  format: ['number', 'bool', 'percent']
} as const;

/** The methods that make sense for each operation (the dropdown offers only these). */
export const METHODS_BY_OP: { [op: string]: readonly string[] } = {
  correlation: ['pearson', 'spearman', 'kendall'],
  test: PLAN_ENUMS.method.slice(3, 15),
  shape: ['skew', 'kurtosis'],
  regression: ['ols'],
  classify: ['logistic', 'tree', 'knn', 'forest']
};

/** Operations that take an aggregate. */
export const AGG_OPS: readonly string[] = ['aggregate', 'group_aggregate'];

/** Fields that name a column of the frame (dropdowns of the frame's columns). */
export const COLUMN_FIELDS = ['column', 'column2', 'group_by', 'target'] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

/** Top-level fields of a version-1 plan (anything else is refused before it is sent). */
const KNOWN_FIELDS = new Set([
  'version',
  'op',
  'column',
  'column2',
  'group_by',
  'agg',
  'method',
  'quantile',
  'k',
  'ascending',
  'features',
  'target',
  'value',
  'groups',
  'alpha',
  'filters',
  'derive',
  'missing',
  'outliers',
  'answer',
  'decimals',
  'format',
  'seed'
]);

/** The editor's state for one card while its plan is being edited. */
export interface IPlanDraft {
  text: string;
  /** One line: why the plan cannot be sent, or the kernel's error; '' when none. */
  error: string;
  /** A re-run is on its way to the kernel. */
  busy: boolean;
  /** The frame's columns for the column dropdowns (empty until the kernel answered). */
  columns: string[];
}

export type PlanCheck = { ok: true; plan: JSONObject } | { ok: false; message: string };

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plan without `null` fields (null = absent; the kernel's `Plan.to_dict` writes them all). */
export function compactPlan(plan: unknown): JSONObject {
  const out: JSONObject = {};
  if (!isObject(plan)) {
    return out;
  }
  for (const [key, value] of Object.entries(plan)) {
    if (value === null || value === undefined) {
      continue;
    }
    out[key] = (isObject(value) ? compactPlan(value) : value) as JSONObject[string];
  }
  return out;
}

/** The plan as the text area shows it: compact, two-space indented JSON. */
export function planText(plan: unknown): string {
  return JSON.stringify(compactPlan(plan), null, 2);
}

/** Whether a card offers "Edit plan": a shown plan card that carries its plan. */
export function isPlanCard(p: IProposal): boolean {
  return p.origin === 'plan' && isObject(p.plan) && !p.hidden;
}

/**
 * The quick check before sending: JSON, an object, version "1", a known operation, known
 * fields, enum values. One line per mistake; the kernel checks the rest (columns, types).
 */
export function checkPlanText(text: string): PlanCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The plan is not valid JSON: ${reason.split('\n')[0]}` };
  }
  if (!isObject(data)) {
    return { ok: false, message: 'The plan must be a JSON object like {"version": "1", …}.' };
  }
  const plan = compactPlan(data);
  const unknown = Object.keys(plan).filter(k => !KNOWN_FIELDS.has(k));
  if (unknown.length) {
    return { ok: false, message: `Unknown plan field(s): ${unknown.sort().join(', ')}.` };
  }
  if (plan.version !== undefined && plan.version !== '1') {
    return { ok: false, message: 'Plan version must be "1".' };
  }
  for (const field of ['op', 'agg', 'method', 'format'] as const) {
    const value = plan[field];
    const allowed: readonly string[] = PLAN_ENUMS[field];
    if (field === 'op' && value === undefined) {
      return { ok: false, message: `The plan needs "op": one of ${allowed.join(', ')}.` };
    }
    if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
      return {
        ok: false,
        message: `${field}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}.`
      };
    }
  }
  for (const field of COLUMN_FIELDS) {
    if (plan[field] !== undefined && typeof plan[field] !== 'string') {
      return { ok: false, message: `${field} must be a column name (text).` };
    }
  }
  return { ok: true, plan: { version: '1', ...plan } };
}

/** A top-level field's value in the text ('' when absent or when the text does not parse). */
export function fieldValue(text: string, field: string): string {
  try {
    const data: unknown = JSON.parse(text);
    const value = isObject(data) ? data[field] : undefined;
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/**
 * The text with one field set from a dropdown ('' removes it). Text that does not parse is
 * returned unchanged: the person is typing, the dropdowns wait for valid JSON.
 */
export function setPlanField(text: string, field: string, value: string): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isObject(data)) {
    return text;
  }
  const next: { [key: string]: unknown } = { ...data };
  if (value === '') {
    delete next[field];
  } else {
    next[field] = value;
  }
  if (field === 'op') {
    // keep a method the new operation takes; drop one it cannot use
    const methods = METHODS_BY_OP[value] ?? [];
    if (typeof next.method === 'string' && !methods.includes(next.method)) {
      delete next.method;
    }
    if (!AGG_OPS.includes(value)) {
      delete next.agg;
    }
    delete next.answer; // which value to state depends on the operation
  }
  return planText(next);
}

/** Which dropdowns the editor shows for the plan in `text`. */
export function visibleFields(text: string): string[] {
  const op = fieldValue(text, 'op');
  const fields = ['op'];
  if (AGG_OPS.includes(op)) {
    fields.push('agg');
  }
  if (METHODS_BY_OP[op]) {
    fields.push('method');
  }
  if (op === 'regression' || op === 'classify') {
    fields.push('target');
  } else {
    fields.push('column');
  }
  if (op === 'correlation' || op === 'test' || op === 'top_k') {
    fields.push('column2');
  }
  if (op === 'group_aggregate' || op === 'test') {
    fields.push('group_by');
  }
  return fields;
}

/** The options of one dropdown ('' = absent, offered where the field is optional). */
export function fieldOptions(field: string, text: string, columns: readonly string[]): string[] {
  const op = fieldValue(text, 'op');
  if (field === 'op') {
    return [...PLAN_ENUMS.op];
  }
  if (field === 'agg') {
    return [...PLAN_ENUMS.agg];
  }
  if (field === 'method') {
    return [...(METHODS_BY_OP[op] ?? PLAN_ENUMS.method)];
  }
  const optional = field === 'column2' || field === 'group_by' || op === 'count';
  return [...(optional ? [''] : []), ...columns];
}

/**
 * The review after a re-run: the kernel's proposals and facts, this review's decisions (a
 * card recomputed in place under an existing id is reviewed afresh).
 */
export function mergeRerun(current: IBundle, reply: IBundle, newId: string): IBundle {
  const review = { ...(current.review ?? {}) };
  if (current.proposals.some(p => p.id === newId)) {
    delete review[newId];
  }
  return { ...current, proposals: reply.proposals, facts: reply.facts, review };
}
