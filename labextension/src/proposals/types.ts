/**
 * The proposals bundle as written by the kernel helper (docs/protocol.md, section 1).
 *
 * The reader's view of jupyter_genanalyst/schema/proposals.schema.json, the one definition
 * (its generated types are schema.generated.ts). Only fields the review UI reads are typed
 * strictly; everything else is carried through untouched. src/__tests__/schema.spec.ts
 * fails to compile when a bundle the schema allows is not readable through these types.
 */

/** MIME type of the proposals output. */
export const MIME_TYPE = 'application/vnd.jupyter-genanalyst.proposals+json';

/** Highest protocol major version this frontend understands. */
export const PROTOCOL_VERSION = 1;

/** Tag of inserted cells a model wrote. */
export const AI_TAG = 'ai-generated';

/** Tag of inserted storyteller, template and plan cells: no model text. */
export const FACTS_TAG = 'genanalyst-from-facts';

/** Metadata key of inserted cells. */
export const METADATA_KEY = 'jupyter_genanalyst';

/** Languages the kernel writes labels in (`GenAnalyst.language`). */
export type Language = 'en' | 'zh-Hant';

export type JSONPrimitive = string | number | boolean | null;
export type JSONValue = JSONPrimitive | JSONObject | JSONValue[];
export interface JSONObject {
  [key: string]: JSONValue;
}

export interface INumberCheck {
  text: string;
  start: number;
  end: number;
  value: number;
  unit: string | null;
  verified: boolean;
  fact_id?: string | null;
  value_name?: string | null;
}

export interface IGrounding {
  numbers: INumberCheck[];
  causal_claims?: string[];
  dropped_sentences?: string[];
  faithfulness?: number;
}

export interface ISafetyFlag {
  rule: string;
  message: string;
  line?: number | null;
}

export interface ICodeCheck {
  source: string;
  parses: boolean;
  problems?: string[];
  safety?: ISafetyFlag[];
}

/** A card's honest labels, written by the kernel in the user's language (narrate/labels.py). */
export interface ICardLabels {
  /** "3 of 4 numbers match the facts (the meaning is not checked)", "no numbers to check". */
  numbers: string;
  /** "AI-generated" on model text, "Written from the facts without a model" otherwise. */
  origin: string;
  /** Not read: the UI says "reviewed by you" from its own decisions. */
  review?: string | null;
  verified: number;
  total: number;
}

export interface IProposal {
  id: string;
  title: string;
  narrative: string;
  marked_narrative?: string | null;
  code: string[];
  fact_ids: string[];
  /** `story`: the deterministic storyteller; `plan`: a question plan our code executed. */
  origin: 'llm' | 'template' | 'story' | 'plan';
  note?: string | null;
  /** Why the checks hid this candidate; null or absent when shown. */
  hidden?: string | null;
  /** Honest labels; absent in bundles from before issue 12 (the UI then derives them). */
  labels?: ICardLabels;
  /** For `ask`: the plan our code executed (shape owned by the planner). */
  plan?: { [key: string]: unknown } | null;
  grounding?: IGrounding | null;
  code_checks?: ICodeCheck[];
}

export interface IFact {
  id: string;
  kind: string;
  topic?: string;
  columns?: string[];
  values?: { [name: string]: JSONPrimitive };
  units?: { [name: string]: string };
  importance?: number;
  text: string;
  evidence?: { [name: string]: string };
  caveats?: string[];
  sample_size?: number | null;
}

export type ReviewStatus = 'pending' | 'accepted' | 'rejected';

/** The human's decision on one proposal (written by the frontend). */
export interface IReviewEntry {
  status: ReviewStatus;
  /** Edited markdown; absent when unedited. */
  narrative?: string;
  /** Edited code cells; absent when unedited. */
  code?: string[];
  /** The human ticked "I have read the warning". */
  acknowledged?: boolean;
  /** Cells were inserted for this proposal. */
  inserted?: boolean;
  /** Widget review only: the cells wait in the kernel's insert queue. */
  queued?: boolean;
}

export interface IReview {
  [proposalId: string]: IReviewEntry;
}

export interface IRequest {
  kind: string;
  frame?: string | null;
  target?: string | null;
  time?: string | null;
  question?: string | null;
  goal?: 'increase' | 'decrease' | null;
  horizon?: number | null;
  language?: Language | null;
}

/** A follow-up question: its words, the `%ga` line to copy, the request to fill in and run. */
export interface INextQuestion {
  text: string;
  magic: string;
  request: IRequest;
  fact_id?: string;
}

export interface IBundle {
  version: number;
  run_id: string;
  request?: IRequest;
  model: string;
  label: string;
  notice?: string | null;
  /** The user's language; labels, reasons and `hidden_summary` are already in it. */
  language?: Language;
  /** "2 candidates hidden — why", localised; the UI falls back to English when absent. */
  hidden_summary?: string;
  /**
   * The review UI's words in `language` (buttons, statuses, badge, cell labels), written by
   * the kernel from its one catalogue (jupyter_genanalyst/i18n.py, keys `review.*`).
   */
  words?: { [key: string]: string };
  facts: IFact[];
  proposals: IProposal[];
  /** Provenance.to_dict(): JSON from the kernel, open to new fields. */
  provenance?: { [key: string]: unknown };
  review?: IReview;
  /** Follow-up questions built from the facts, best first, in `language`. */
  next_questions?: INextQuestion[];
}

/** A notebook cell to insert, in nbformat shape. */
export interface ICellToInsert {
  cell_type: 'markdown' | 'code';
  source: string;
  metadata: JSONObject;
  execution_count?: null;
  outputs?: [];
}
