/* Generated from jupyter_genanalyst/schema/proposals.schema.json by
 * scripts/schema-types.mjs (jlpm schema:types). Do not edit; edit the schema. */

export type JsonPrimitive = string | number | boolean | null;

/**
 * The proposals output (MIME type application/vnd.jupyter-genanalyst.proposals+json), protocol version 1. Written by jupyter_genanalyst/bundle.py::build_bundle; read by the labextension and the ipywidgets review. docs/protocol.md explains each field.
 */
export interface IBundle {
  /**
   * Protocol major version; a reader that knows a lower one asks the user to upgrade.
   */
  version: 1;
  run_id: string;
  request?: IRequest;
  /**
   * Model id, or "template" when no LLM answered.
   */
  model: string;
  /**
   * The AI-generated label every inserted cell carries.
   */
  label: string;
  notice?: string | null;
  /**
   * The user's language: labels, reasons and the hidden summary are already written in it.
   */
  language?: 'en' | 'zh-Hant';
  /**
   * The review UI's words in the bundle's language (buttons, statuses, the header badge, inserted-cell labels), from jupyter_genanalyst/i18n.py: one catalogue for the labextension and the ipywidgets review. Templates; {count} and {cards} are filled by the reader.
   */
  words?: {
    [k: string]: string;
  };
  /**
   * The one line over the collapsed hidden candidates ("2 candidates hidden — why"), already localised.
   */
  hidden_summary?: string;
  /**
   * @maxItems 40
   */
  facts: IFact[];
  proposals: IProposal[];
  provenance?: IProvenance;
  review?: IReview;
  /**
   * Follow-up questions built from the facts, best first, in the bundle's language (jupyter_genanalyst/next_questions.py).
   *
   * @maxItems 5
   */
  next_questions?:
    | []
    | [INextQuestion]
    | [INextQuestion, INextQuestion]
    | [INextQuestion, INextQuestion, INextQuestion]
    | [INextQuestion, INextQuestion, INextQuestion, INextQuestion]
    | [INextQuestion, INextQuestion, INextQuestion, INextQuestion, INextQuestion];
}
/**
 * What was asked. Only `kind` is required; the rest depends on the kind.
 */
export interface IRequest {
  kind: 'describe' | 'diagnose' | 'predict' | 'prescribe' | 'ask' | 'narrate';
  frame?: string | null;
  frame_name?: string | null;
  figures?: string[] | null;
  target?: string | null;
  time?: string | null;
  goal?: 'increase' | 'decrease' | null;
  horizon?: number | null;
  question?: string | null;
  language?: 'en' | 'zh-Hant' | null;
  candidates?: number | null;
  privacy?: 'mask' | 'aggregate' | 'synthetic' | 'off' | null;
  llm?: boolean | null;
}
/**
 * Fact.to_dict() (jupyter_genanalyst/facts/types.py).
 */
export interface IFact {
  id: string;
  kind: 'descriptive' | 'diagnostic' | 'predictive' | 'prescriptive' | 'figure';
  topic?: string;
  columns?: string[];
  values?: {
    [k: string]: JsonPrimitive;
  };
  units?: {
    [k: string]:
      'count' | 'number' | 'percent' | 'ratio' | 'currency' | 'date' | 'duration' | 'text';
  };
  importance?: number;
  text: string;
  evidence?: {
    [k: string]: string;
  };
  caveats?: string[];
  sample_size?: number | null;
}
/**
 * Proposal.to_dict() (jupyter_genanalyst/narrate/types.py).
 */
export interface IProposal {
  id: string;
  title: string;
  narrative: string;
  marked_narrative?: string | null;
  code: string[];
  fact_ids: string[];
  /**
   * Who wrote it: the LLM, a template (no LLM), the deterministic storyteller, or a question plan our code executed.
   */
  origin: 'llm' | 'template' | 'story' | 'plan';
  note?: string | null;
  /**
   * Why the checks hid this candidate (shown last, collapsed); null or absent when shown.
   */
  hidden?: string | null;
  labels?: ICardLabels;
  /**
   * For `ask`: the typed plan our code executed (shape owned by the planner).
   */
  plan?: {
    [k: string]: unknown;
  } | null;
  grounding?: IGrounding | null;
  code_checks?: ICodeCheck[];
}
/**
 * CardLabels.to_dict() (jupyter_genanalyst/narrate/labels.py): the card's honest labels, already in the user's language.
 */
export interface ICardLabels {
  /**
   * How many numbers (title included) match the facts: "3 of 4 numbers match the facts (the meaning is not checked)", "no numbers to check".
   */
  numbers: string;
  /**
   * "AI-generated" on model text; "Written from the facts without a model" on storyteller and plan cards.
   */
  origin: string;
  /**
   * "reviewed by you" when decided in the kernel, else null; the review UI derives it from its own decisions instead.
   */
  review?: string | null;
  verified: number;
  total: number;
}
export interface IGrounding {
  numbers: INumberCheck[];
  causal_claims?: string[];
  dropped_sentences?: string[];
  faithfulness?: number;
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
export interface ICodeCheck {
  source: string;
  parses: boolean;
  problems?: string[];
  safety?: ISafetyFlag[];
}
export interface ISafetyFlag {
  rule: string;
  message: string;
  line?: number | null;
}
/**
 * Provenance.to_dict(); never an API key. Open: new provenance fields need no schema change.
 */
export interface IProvenance {
  model?: string;
  server_url?: string;
  privacy?: string;
  created?: string;
  extra?: {
    [k: string]: unknown;
  };
  [k: string]: unknown;
}
export interface IReview {
  [k: string]: IReviewEntry;
}
/**
 * The human's decision on one proposal, written by the frontend.
 */
export interface IReviewEntry {
  status: 'pending' | 'accepted' | 'rejected';
  narrative?: string;
  code?: string[];
  acknowledged?: boolean;
  inserted?: boolean;
  /**
   * Widget review only: the cells wait in the kernel's insert queue (`%ga insert`).
   */
  queued?: boolean;
}
/**
 * One follow-up: its words, the %ga line that asks it (copyable), and the request the panel fills in and runs.
 */
export interface INextQuestion {
  text: string;
  magic: string;
  request: IRequest;
  /**
   * The fact it grew from.
   */
  fact_id?: string;
}
