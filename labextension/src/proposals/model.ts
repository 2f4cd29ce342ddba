/**
 * Pure review state and cell building for the proposals output.
 *
 * Nothing here touches the DOM or JupyterLab: every function takes a bundle and
 * returns a new one (bundles are treated as immutable), so the rules of
 * docs/protocol.md can be unit tested directly.
 */

import {
  AI_TAG,
  FACTS_TAG,
  IBundle,
  ICellToInsert,
  IFact,
  INextQuestion,
  IProposal,
  IReviewEntry,
  JSONObject,
  JSONValue,
  METADATA_KEY,
  PROTOCOL_VERSION,
  ReviewStatus
} from './types';
import { isHidden, isModelText, wordOf } from './labels';

export type ParseResult =
  | { kind: 'ok'; bundle: IBundle }
  | { kind: 'upgrade'; version: number; message: string }
  | { kind: 'invalid'; message: string };

const UPGRADE_MESSAGE =
  'This output was written by a newer jupyter_genanalyst (protocol version {v}); ' +
  'please upgrade jupyter_genanalyst to review it.';

const STATUSES: ReviewStatus[] = ['pending', 'accepted', 'rejected'];

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Check and normalise the MIME data. A higher major version than this frontend
 * knows is never guessed at: the caller shows "please upgrade" instead.
 */
export function parseBundle(data: unknown): ParseResult {
  if (!isObject(data)) {
    return { kind: 'invalid', message: 'The proposals output is not a JSON object.' };
  }
  const version = data.version;
  if (typeof version !== 'number' || !Number.isFinite(version)) {
    return { kind: 'invalid', message: 'The proposals output has no protocol version.' };
  }
  if (Math.floor(version) > PROTOCOL_VERSION) {
    return {
      kind: 'upgrade',
      version,
      message: UPGRADE_MESSAGE.replace('{v}', String(version))
    };
  }
  if (!Array.isArray(data.proposals)) {
    return { kind: 'invalid', message: 'The proposals output has no proposals list.' };
  }
  const bundle = clone(data) as unknown as IBundle;
  const proposals: IProposal[] = [];
  for (const raw of data.proposals as unknown[]) {
    if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.narrative !== 'string') {
      return { kind: 'invalid', message: 'A proposal lacks an id or a narrative.' };
    }
    const p = clone(raw) as unknown as IProposal;
    p.title = typeof raw.title === 'string' ? raw.title : raw.id;
    p.code = strings(raw.code);
    p.fact_ids = strings(raw.fact_ids);
    p.origin = ORIGINS.includes(raw.origin as IProposal['origin'])
      ? (raw.origin as IProposal['origin'])
      : 'llm';
    proposals.push(p);
  }
  bundle.proposals = proposals;
  bundle.run_id = typeof data.run_id === 'string' ? data.run_id : '';
  bundle.model = typeof data.model === 'string' ? data.model : 'unknown';
  bundle.label = typeof data.label === 'string' ? data.label : '';
  bundle.facts = Array.isArray(data.facts) ? (clone(data.facts) as IFact[]) : [];
  // a malformed follow-up is dropped, never shown half-built (or run from the panel)
  bundle.next_questions = (Array.isArray(data.next_questions) ? data.next_questions : [])
    .filter(
      (q: unknown): q is INextQuestion =>
        isObject(q) &&
        typeof q.text === 'string' &&
        typeof q.magic === 'string' &&
        isObject(q.request) &&
        typeof q.request.kind === 'string'
    )
    .map(q => clone(q));
  bundle.review = {};
  if (isObject(data.review)) {
    for (const [id, raw] of Object.entries(data.review)) {
      if (isObject(raw)) {
        const entry = clone(raw) as unknown as IReviewEntry;
        if (!STATUSES.includes(entry.status)) {
          entry.status = 'pending';
        }
        bundle.review[id] = entry;
      }
    }
  }
  return { kind: 'ok', bundle };
}

/** Who can write a proposal (the schema's `origin`); anything else is read as the LLM's. */
const ORIGINS: IProposal['origin'][] = ['llm', 'template', 'story', 'plan'];

/**
 * The visible one-line label. It says "AI-generated" whenever a model wrote any of the
 * cards; a bundle no model touched (model `template`: storyteller and plan cards) keeps
 * the kernel's own label ("Written from the facts without a model · …").
 */
export function labelOf(bundle: IBundle): string {
  const label = (bundle.label || '').replace(/\s+/g, ' ').trim();
  if (!label) {
    return `AI-generated · model: ${bundle.model}`;
  }
  if (bundle.model === 'template' && !/ai-generated/i.test(label)) {
    return label;
  }
  return /ai-generated/i.test(label) ? label : `AI-generated · ${label}`;
}

/**
 * The header's provenance line: the label without its first part ("AI-generated, reviewed by
 * you"), which is true of an inserted cell but not of a review nobody has decided on yet, nor
 * of storyteller cards (each card says who wrote it).
 */
export function provenanceOf(bundle: IBundle): string {
  const [, ...rest] = labelOf(bundle).split(' · ');
  return rest.length ? rest.join(' · ') : `model: ${bundle.model}`;
}

export function entryOf(bundle: IBundle, id: string): IReviewEntry {
  const entry = bundle.review?.[id];
  return entry ? entry : { status: 'pending' };
}

function withEntry(
  bundle: IBundle,
  id: string,
  update: (entry: IReviewEntry) => IReviewEntry
): IBundle {
  if (!bundle.proposals.some(p => p.id === id)) {
    throw new Error(`Unknown proposal id: ${id}`);
  }
  const next = clone(bundle);
  const review = next.review ?? {};
  review[id] = update({ ...entryOf(bundle, id) });
  next.review = review;
  return next;
}

/**
 * Set a proposal's status; an inserted proposal keeps its decision, and a candidate the
 * checks hid cannot be decided on (it is never accepted, so never inserted).
 */
export function setStatus(bundle: IBundle, id: string, status: ReviewStatus): IBundle {
  if (entryOf(bundle, id).inserted || isHidden(proposalOf(bundle, id))) {
    return bundle;
  }
  return withEntry(bundle, id, entry => ({ ...entry, status }));
}

/** Tick or untick "I have read the warning". */
export function setAcknowledged(bundle: IBundle, id: string, acknowledged: boolean): IBundle {
  return withEntry(bundle, id, entry => ({ ...entry, acknowledged }));
}

export function proposalOf(bundle: IBundle, id: string): IProposal {
  const p = bundle.proposals.find(q => q.id === id);
  if (!p) {
    throw new Error(`Unknown proposal id: ${id}`);
  }
  return p;
}

/**
 * Store an edit. Text equal to the original (or to its marked form) is not an
 * edit, so the stored entry keeps `narrative`/`code` absent when unedited.
 */
export function setEdit(
  bundle: IBundle,
  id: string,
  edit: { narrative?: string; code?: string[] }
): IBundle {
  const p = proposalOf(bundle, id);
  return withEntry(bundle, id, entry => {
    const next: IReviewEntry = { ...entry };
    if (edit.narrative !== undefined) {
      const same =
        edit.narrative === p.narrative ||
        (p.marked_narrative !== null &&
          p.marked_narrative !== undefined &&
          edit.narrative === p.marked_narrative);
      if (same) {
        delete next.narrative;
      } else {
        next.narrative = edit.narrative;
      }
    }
    if (edit.code !== undefined) {
      const same =
        edit.code.length === p.code.length && edit.code.every((c, i) => c === p.code[i]);
      if (same) {
        delete next.code;
      } else {
        next.code = [...edit.code];
      }
    }
    return next;
  });
}

/** The narrative that would be inserted: edit wins, then the marked form, then the original. */
export function effectiveNarrative(p: IProposal, entry: IReviewEntry): string {
  if (entry.narrative !== undefined) {
    return entry.narrative;
  }
  return p.marked_narrative ?? p.narrative;
}

/** The code cells that would be inserted (edit wins). */
export function effectiveCode(p: IProposal, entry: IReviewEntry): string[] {
  return entry.code !== undefined ? entry.code : p.code;
}

export function isEdited(entry: IReviewEntry): boolean {
  return entry.narrative !== undefined || entry.code !== undefined;
}

/** Code with safety flags or that does not parse needs "I have read the warning". */
export function needsAcknowledgement(p: IProposal): boolean {
  return (p.code_checks ?? []).some(c => !c.parses || (c.safety ?? []).length > 0);
}

/** Why a proposal cannot be inserted now, or null when it can. */
export function insertBlocker(p: IProposal, entry: IReviewEntry): string | null {
  if (isHidden(p)) {
    return 'hidden by the checks'; // even if a saved review says accepted
  }
  if (entry.status !== 'accepted') {
    return 'not accepted';
  }
  if (entry.inserted) {
    return 'already inserted';
  }
  if (needsAcknowledgement(p) && !entry.acknowledged) {
    return 'needs the warning acknowledged';
  }
  return null;
}

export function faithfulnessOf(p: IProposal): number {
  const g = p.grounding;
  if (!g) {
    return 1;
  }
  if (typeof g.faithfulness === 'number') {
    return g.faithfulness;
  }
  const n = g.numbers ?? [];
  return n.length === 0 ? 1 : n.filter(x => x.verified).length / n.length;
}

const SECRET_KEY = /(api[_-]?key|token|secret|passw(or)?d|authori[sz]ation|credential|cookie)/i;
const SECRET_VALUE =
  /(\bsk-[A-Za-z0-9_-]{12,}|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}|\bgh[pousr]_[A-Za-z0-9]{16,}|\bxox[abprs]-[A-Za-z0-9-]{8,}|\bAKIA[0-9A-Z]{16}\b)/g;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi;

/**
 * Provenance is written by the kernel helper without secrets; scrub anyway so no
 * key-like string can reach a saved notebook through inserted cells.
 */
export function scrubSecrets(value: JSONValue): JSONValue {
  if (typeof value === 'string') {
    return value.replace(SECRET_VALUE, '[redacted]').replace(URL_USERINFO, '$1');
  }
  if (Array.isArray(value)) {
    return value.map(scrubSecrets);
  }
  if (value !== null && typeof value === 'object') {
    const out: JSONObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (!SECRET_KEY.test(k)) {
        out[k] = scrubSecrets(v);
      }
    }
    return out;
  }
  return value;
}

/**
 * The first line of one proposal's inserted cells, in the bundle's language: "AI-generated,
 * reviewed by you · model: …" only on model text; storyteller, template and plan cards say
 * they were written from the facts without a model (review/state.py `cell_label_of`).
 */
export function cellLabelOf(bundle: IBundle, p: IProposal): string {
  const rest = labelOf(bundle).split(' · ').slice(1);
  if (isModelText(p)) {
    return [wordOf(bundle, 'cell_ai'), ...rest].join(' · ');
  }
  return [wordOf(bundle, 'cell_from_facts'), ...rest.filter(r => !r.startsWith('model:'))].join(
    ' · '
  );
}

/** `ai-generated` on model text only; `genanalyst-from-facts` on storyteller and plan cards. */
export function cellTagsOf(p: IProposal): string[] {
  return [isModelText(p) ? AI_TAG : FACTS_TAG];
}

function cellMetadata(
  bundle: IBundle,
  p: IProposal,
  role: 'narrative' | 'code',
  edited: boolean
): JSONObject {
  return {
    tags: cellTagsOf(p),
    [METADATA_KEY]: {
      version: PROTOCOL_VERSION,
      run_id: bundle.run_id,
      proposal_id: p.id,
      role,
      origin: p.origin,
      edited,
      fact_ids: [...p.fact_ids],
      faithfulness: faithfulnessOf(p),
      provenance: scrubSecrets((bundle.provenance ?? {}) as JSONObject)
    }
  };
}

/**
 * The comment lines that open every inserted code cell. The label is split after its first
 * part so no line is wider than a narrow notebook: "# AI-generated, reviewed by you — not
 * run automatically", then "# model: … · jupyter_genanalyst …".
 */
export function codeHeader(label: string): string {
  const [first, ...rest] = label.split(' · ');
  const head = `# ${first} — not run automatically`;
  return rest.length ? `${head}\n# ${rest.join(' · ')}` : head;
}

/** The cells one proposal becomes: a labelled markdown cell, then its code cells. */
export function buildCells(bundle: IBundle, id: string): ICellToInsert[] {
  const p = proposalOf(bundle, id);
  const entry = entryOf(bundle, id);
  const label = cellLabelOf(bundle, p);
  const cells: ICellToInsert[] = [
    {
      cell_type: 'markdown',
      source: `> **${label}**\n\n${effectiveNarrative(p, entry)}`,
      metadata: cellMetadata(bundle, p, 'narrative', entry.narrative !== undefined)
    }
  ];
  effectiveCode(p, entry).forEach((code, i) => {
    if (!code.trim()) {
      return;
    }
    const edited = entry.code !== undefined && entry.code[i] !== p.code[i];
    cells.push({
      cell_type: 'code',
      source: `${codeHeader(label)}\n${code}`,
      metadata: cellMetadata(bundle, p, 'code', edited),
      execution_count: null,
      outputs: []
    });
  });
  return cells;
}

export interface IInsertionPlan {
  /** Proposal ids to insert, in proposal order. */
  ids: string[];
  /** Cells for all of them, in insertion order. */
  cells: ICellToInsert[];
  /** Accepted, not inserted proposals that still need the warning acknowledged. */
  blocked: IProposal[];
}

/** What "Insert accepted" would do now. */
export function planInsertion(bundle: IBundle): IInsertionPlan {
  const plan: IInsertionPlan = { ids: [], cells: [], blocked: [] };
  for (const p of bundle.proposals) {
    const entry = entryOf(bundle, p.id);
    const blocker = insertBlocker(p, entry);
    if (blocker === null) {
      plan.ids.push(p.id);
      plan.cells.push(...buildCells(bundle, p.id));
    } else if (blocker === 'needs the warning acknowledged') {
      plan.blocked.push(p);
    }
  }
  return plan;
}

/** Record that cells were inserted for these proposals. */
export function markInserted(bundle: IBundle, ids: string[]): IBundle {
  return ids.reduce(
    (b, id) => withEntry(b, id, entry => ({ ...entry, inserted: true })),
    bundle
  );
}

/**
 * Forget `inserted` for proposals whose cells are no longer in the notebook
 * (removed by undo or by hand), so they can be inserted again.
 * Returns the same bundle object when nothing changed.
 */
export function reconcileInserted(bundle: IBundle, presentIds: ReadonlySet<string>): IBundle {
  let next = bundle;
  for (const p of bundle.proposals) {
    if (entryOf(bundle, p.id).inserted && !presentIds.has(p.id)) {
      next = withEntry(next, p.id, entry => {
        const e = { ...entry };
        delete e.inserted;
        return e;
      });
    }
  }
  return next;
}

export interface IReviewSummary {
  /** Candidates shown for review (hidden ones are counted apart and never decided on). */
  total: number;
  hidden: number;
  pending: number;
  accepted: number;
  rejected: number;
  inserted: number;
  insertable: number;
  blocked: number;
}

export function summarize(bundle: IBundle): IReviewSummary {
  const s: IReviewSummary = {
    total: 0,
    hidden: 0,
    pending: 0,
    accepted: 0,
    rejected: 0,
    inserted: 0,
    insertable: 0,
    blocked: 0
  };
  for (const p of bundle.proposals) {
    if (isHidden(p)) {
      s.hidden += 1;
      continue;
    }
    s.total += 1;
    const entry = entryOf(bundle, p.id);
    s[entry.status] += 1;
    if (entry.inserted) {
      s.inserted += 1;
    }
    const blocker = insertBlocker(p, entry);
    if (blocker === null) {
      s.insertable += 1;
    } else if (blocker === 'needs the warning acknowledged') {
      s.blocked += 1;
    }
  }
  return s;
}
