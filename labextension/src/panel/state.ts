/**
 * Pure state of the sidebar panel: the form, what the kernel holds, the run in
 * progress and the notebook's run history. No DOM, no JupyterLab: every function
 * returns new values, so the rules are unit tested directly.
 */

import { IBundle, IRequest } from '../proposals/types';
import {
  AnalysisKind,
  IColumnInfo,
  IHelloReply,
  IKindInfo,
  IRunRequest,
  IVariables,
  PRIVACY_MODES,
  PrivacyMode,
  STORY_KIND
} from './protocol';
import { plural } from '../text';
import { isHidden } from '../proposals/labels';

/** "2 candidates ready for review." — hidden ones are not for review, so counted apart. */
function readyText(bundle: IBundle | null): string {
  const proposals = bundle?.proposals ?? [];
  const hidden = proposals.filter(isHidden).length;
  const ready = `${plural(proposals.length - hidden, 'candidate')} ready for review`;
  return hidden ? `${ready}; ${hidden} hidden by the checks.` : `${ready}.`;
}

/** The panel's settings (schema/panel.json); empty values mean "use the kernel's". */
export interface IPanelSettings {
  baseUrl: string;
  model: string;
  candidates: number | null;
  privacy: PrivacyMode | '';
}

export const DEFAULT_SETTINGS: IPanelSettings = {
  baseUrl: '',
  model: '',
  candidates: null,
  privacy: ''
};

export interface IForm {
  kind: AnalysisKind;
  frame: string;
  figures: string[];
  target: string;
  time: string;
  goal: 'increase' | 'decrease';
  horizon: string;
  /** Empty: the kernel's setting. */
  candidates: string;
  privacy: PrivacyMode | '';
  question: string;
  noLLM: boolean;
  /** Empty: the kernel's setting; set when a next question in another language is asked. */
  language: string;
}

export type Connection =
  | { phase: 'no-notebook' }
  | { phase: 'no-kernel' }
  | { phase: 'connecting'; message: string }
  | { phase: 'ready'; hello: IHelloReply }
  | { phase: 'failed'; message: string };

export interface IHistoryEntry {
  id: string;
  kind: AnalysisKind;
  /** Frame name, or the figure names for narrate. */
  subject: string;
  /** When the run started (ms since epoch). */
  started: number;
  outcome: 'result' | 'error' | 'cancelled';
  bundle: IBundle | null;
  message: string;
}

export interface IRunning {
  requestId: string;
  kind: AnalysisKind;
  subject: string;
  started: number;
  /** Narrative streamed so far, by candidate index. */
  streams: string[];
  /** The result shown before this run, shown again if the run ends without one. */
  previous: string | null;
}

export interface IPanelState {
  kernelName: string;
  connection: Connection;
  variables: IVariables;
  columns: IColumnInfo[];
  form: IForm;
  running: IRunning | null;
  history: IHistoryEntry[];
  /** Id of the history entry whose result is shown. */
  shown: string | null;
  message: string;
}

export function initialForm(settings: IPanelSettings = DEFAULT_SETTINGS): IForm {
  return {
    kind: 'describe',
    frame: '',
    figures: [],
    target: '',
    time: '',
    goal: 'increase',
    horizon: '',
    candidates: settings.candidates === null ? '' : String(settings.candidates),
    privacy: settings.privacy,
    question: '',
    noLLM: false,
    language: ''
  };
}

export function initialState(settings: IPanelSettings = DEFAULT_SETTINGS): IPanelState {
  return {
    kernelName: '',
    connection: { phase: 'no-notebook' },
    variables: { frames: [], figures: [] },
    columns: [],
    form: initialForm(settings),
    running: null,
    history: [],
    shown: null,
    message: ''
  };
}

/** Which form fields a kind uses, and which of them are required. */
export interface IFieldSpec {
  frame: boolean;
  figures: boolean;
  target: 'none' | 'optional' | 'required';
  time: boolean;
  goal: boolean;
  horizon: boolean;
  question: boolean;
}

/** The kernel's kinds table once it answered hello; empty before. */
export function kindsOf(state: IPanelState): IKindInfo[] {
  return state.connection.phase === 'ready' ? (state.connection.hello.kinds ?? []) : [];
}

/**
 * The form fields of `kind`, read from the kernel's table (`hello_reply.kinds`). Before the
 * kernel answers, or for a kind it does not list, only the frame is shown.
 */
export function fieldsFor(kind: AnalysisKind, kinds: readonly IKindInfo[]): IFieldSpec {
  const info = kinds.find(k => k.kind === kind);
  const takes = (name: string) => info?.options.includes(name) ?? false;
  const target = !takes('target') ? 'none' : info?.required.includes('target') ? 'required' : 'optional';
  return {
    frame: (info?.data ?? 'frame') === 'frame',
    figures: info?.data === 'figures',
    target,
    time: takes('time'),
    goal: takes('goal'),
    horizon: takes('horizon'),
    question: takes('question')
  };
}

/** The choices of the form's kind select: the kernel's labels, or the chosen kind alone. */
export function kindChoices(state: IPanelState): { value: string; label: string }[] {
  const kinds = kindsOf(state);
  if (kinds.length === 0) {
    return [{ value: state.form.kind, label: state.form.kind }];
  }
  return kinds.map(k => ({ value: k.kind, label: k.label ?? k.kind }));
}

/** Columns offered as target: numeric first, then categorical (binary outcomes). */
export function targetOptions(columns: IColumnInfo[]): string[] {
  const numeric = columns.filter(c => c.hint === 'numeric').map(c => c.name);
  const categorical = columns.filter(c => c.hint === 'categorical').map(c => c.name);
  return [...numeric, ...categorical];
}

/** Columns offered as time axis: datetime columns, then numeric year-like ones. */
export function timeOptions(columns: IColumnInfo[]): string[] {
  const dates = columns.filter(c => c.hint === 'datetime').map(c => c.name);
  const years = columns
    .filter(c => c.hint === 'numeric' && /^(year|yr|fy|fiscal_year)$/i.test(c.name))
    .map(c => c.name);
  return [...dates, ...years];
}

/** Adopt the kernel's variables, keeping the chosen frame/figures while they exist. */
export function withVariables(state: IPanelState, variables: IVariables): IPanelState {
  const frames = variables.frames.map(f => f.name);
  const figures = new Set(variables.figures.map(f => f.name));
  const frame = frames.includes(state.form.frame) ? state.form.frame : (frames[0] ?? '');
  let chosen = state.form.figures.filter(f => figures.has(f));
  if (chosen.length === 0 && variables.figures.length > 0) {
    chosen = [variables.figures[0].name];
  }
  const columns = frame === state.form.frame ? state.columns : [];
  return { ...state, variables, columns, form: { ...state.form, frame, figures: chosen } };
}

/**
 * Adopt the chosen frame's columns. Target and time keep valid choices; time
 * defaults to the first datetime column; an optional target stays empty.
 */
export function withColumns(state: IPanelState, frame: string, columns: IColumnInfo[]): IPanelState {
  if (frame !== state.form.frame) {
    return state; // a late answer for a frame no longer chosen
  }
  const targets = targetOptions(columns);
  const times = timeOptions(columns);
  const required = fieldsFor(state.form.kind, kindsOf(state)).target === 'required';
  let target = targets.includes(state.form.target) ? state.form.target : '';
  if (!target && required) {
    target = targets[0] ?? '';
  }
  const time = times.includes(state.form.time) ? state.form.time : (times[0] ?? '');
  return { ...state, columns, form: { ...state.form, target, time } };
}

/** Change the form; a kind needing a target gets the first numeric one. */
export function withForm(state: IPanelState, patch: Partial<IForm>): IPanelState {
  const form = { ...state.form, ...patch };
  if (patch.frame !== undefined && patch.frame !== state.form.frame) {
    return { ...state, columns: [], form: { ...form, target: '', time: '' } };
  }
  if (fieldsFor(form.kind, kindsOf(state)).target === 'required' && !form.target) {
    form.target = targetOptions(state.columns)[0] ?? '';
  }
  return { ...state, form };
}

/** Why Run cannot start yet, or null. */
export function formProblem(state: IPanelState): string | null {
  const { form } = state;
  const spec = fieldsFor(form.kind, kindsOf(state));
  if (state.connection.phase !== 'ready') {
    return 'Not connected to a kernel yet.';
  }
  if (state.running) {
    return 'An analysis is running.';
  }
  if (spec.frame && !form.frame) {
    return 'Choose a DataFrame (run a cell that creates one first).';
  }
  if (spec.figures && form.figures.length === 0) {
    return 'Choose a plotly figure (run a cell that creates one first).';
  }
  if (spec.target === 'required' && !form.target) {
    return `${form.kind} needs a target column.`;
  }
  if (spec.question && !form.question.trim()) {
    return 'Type a question.';
  }
  if (form.candidates !== '' && !/^([1-9]|10)$/.test(form.candidates.trim())) {
    return 'Candidates must be a whole number from 1 to 10.';
  }
  if (spec.horizon && form.horizon !== '' && !/^[1-9]\d{0,3}$/.test(form.horizon.trim())) {
    return 'Horizon must be a positive whole number of periods.';
  }
  return null;
}

/**
 * The `run` message for the form. Explicit panel settings (base URL, model) are
 * sent as overrides; empty ones are left to the kernel's configuration.
 */
export function buildRunRequest(
  form: IForm,
  settings: IPanelSettings,
  kinds: readonly IKindInfo[]
): IRunRequest {
  const spec = fieldsFor(form.kind, kinds);
  const request: IRunRequest = { kind: form.kind, llm: !form.noLLM };
  if (spec.frame) {
    request.frame = form.frame;
  }
  if (spec.figures) {
    request.figures = [...form.figures];
  }
  if (spec.target !== 'none' && form.target) {
    request.target = form.target;
  }
  if (spec.time && form.time) {
    request.time = form.time;
  }
  if (spec.goal) {
    request.goal = form.goal;
  }
  if (spec.horizon && form.horizon.trim()) {
    request.horizon = Number(form.horizon.trim());
  }
  if (spec.question) {
    request.question = form.question.trim();
  }
  if (form.candidates.trim()) {
    request.candidates = Number(form.candidates.trim());
  }
  if (form.language) {
    request.language = form.language;
  }
  if ((PRIVACY_MODES as readonly string[]).includes(form.privacy)) {
    request.privacy = form.privacy as PrivacyMode;
  }
  if (settings.baseUrl.trim()) {
    request.base_url = settings.baseUrl.trim();
  }
  if (settings.model.trim()) {
    request.model = settings.model.trim();
  }
  return request;
}

export function subjectOf(request: IRunRequest): string {
  return request.kind === 'narrate' ? (request.figures ?? []).join(', ') : (request.frame ?? '');
}

export function startRun(state: IPanelState, requestId: string, request: IRunRequest, now: number): IPanelState {
  return {
    ...state,
    running: {
      requestId,
      kind: request.kind,
      subject: subjectOf(request),
      started: now,
      streams: [],
      previous: state.shown
    },
    // the previous result leaves the view while the new run streams (it stays in the history)
    shown: null,
    message: ''
  };
}

/** Record streamed text for one candidate (ignored when no run is going on). */
export function withProgress(state: IPanelState, candidate: number, text: string): IPanelState {
  if (!state.running || candidate < 0 || candidate > 50) {
    return state;
  }
  const streams = [...state.running.streams];
  while (streams.length <= candidate) {
    streams.push('');
  }
  streams[candidate] = text;
  return { ...state, running: { ...state.running, streams } };
}

/** End the run: add it to the history (newest first) and show it when it has a result. */
export function finishRun(
  state: IPanelState,
  outcome: 'result' | 'error' | 'cancelled',
  bundle: IBundle | null,
  message: string
): IPanelState {
  const run = state.running;
  if (!run) {
    return state;
  }
  const entry: IHistoryEntry = {
    id: run.requestId,
    kind: run.kind,
    subject: run.subject,
    started: run.started,
    outcome,
    bundle,
    message
  };
  const text =
    outcome === 'result'
      ? readyText(bundle)
      : outcome === 'cancelled'
        ? 'Stopped; nothing was inserted.'
        : message;
  return {
    ...state,
    running: null,
    history: [entry, ...state.history],
    shown: outcome === 'result' ? entry.id : run.previous,
    message: text
  };
}

/**
 * End a full-story run: one history entry per stage (describe first, shown), and the
 * summary paragraph as the panel's message.
 */
export function finishStory(state: IPanelState, bundles: IBundle[], summary: string): IPanelState {
  const run = state.running;
  if (!run || bundles.length === 0) {
    return finishRun(state, 'error', null, 'The story came back without stages.');
  }
  const entries: IHistoryEntry[] = bundles.map((bundle, i) => ({
    id: `${run.requestId}-${i + 1}`,
    kind: `${STORY_KIND} ${i + 1}/${bundles.length}: ${bundle.request?.kind ?? ''}`,
    subject: run.subject,
    started: run.started,
    outcome: 'result',
    bundle,
    message: ''
  }));
  return {
    ...state,
    running: null,
    history: [...entries, ...state.history], // the stages in reading order, on top
    shown: `${run.requestId}-1`,
    message: `Full story in ${plural(bundles.length, 'stage')} (see the history): ${summary}`
  };
}

/**
 * Fill the form from a next question's request (kind, target, time, goal, horizon,
 * question, language); the frame stays unless the question names another that exists.
 */
export function withNextQuestion(state: IPanelState, request: IRequest): IPanelState {
  const frames = state.variables.frames.map(f => f.name);
  let next = state;
  if (request.frame && request.frame !== state.form.frame && frames.includes(request.frame)) {
    next = withForm(next, { frame: request.frame });
  }
  const form: Partial<IForm> = {
    kind: request.kind,
    target: request.target ?? '',
    time: request.time ?? next.form.time,
    question: request.question ?? '',
    horizon: request.horizon ? String(request.horizon) : '',
    language: request.language ?? ''
  };
  if (request.goal) {
    form.goal = request.goal;
  }
  return withForm(next, form);
}

/** The history entry currently shown (with its possibly updated bundle). */
export function shownEntry(state: IPanelState): IHistoryEntry | null {
  return state.history.find(e => e.id === state.shown) ?? null;
}

/** Keep the review decisions made in the panel with the history entry. */
export function withReviewedBundle(state: IPanelState, id: string, bundle: IBundle): IPanelState {
  return {
    ...state,
    history: state.history.map(e => (e.id === id ? { ...e, bundle } : e))
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "describe · sales · 14:03:07" */
export function historyLabel(entry: IHistoryEntry): string {
  const t = new Date(entry.started);
  const clock = `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
  const tail = entry.outcome === 'result' ? '' : ` (${entry.outcome})`;
  return `${entry.kind} · ${entry.subject || '—'} · ${clock}${tail}`;
}

/** One-line LLM status for the header, with the fix when it is not reachable. */
export function llmSummary(connection: Connection): { text: string; ok: boolean; fix: string | null } {
  switch (connection.phase) {
    case 'no-notebook':
      return { text: 'Open a notebook to start.', ok: false, fix: null };
    case 'no-kernel':
      return { text: 'This notebook has no running kernel.', ok: false, fix: 'Start or select a kernel.' };
    case 'connecting':
      return { text: connection.message, ok: false, fix: null };
    case 'failed':
      return { text: 'Kernel helper unavailable.', ok: false, fix: connection.message };
    case 'ready': {
      const llm = connection.hello.llm;
      if (llm.reachable) {
        return { text: `LLM reachable · model ${llm.model ?? 'unknown'}`, ok: true, fix: null };
      }
      return {
        text: `LLM not reachable at ${llm.server ?? 'the configured server'} — template narratives only`,
        ok: false,
        fix: llm.fix
      };
    }
  }
}
