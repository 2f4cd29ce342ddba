import { IColumnInfo, IHelloReply, IKindInfo } from '../panel/protocol';
import {
  DEFAULT_SETTINGS,
  IPanelState,
  buildRunRequest,
  fieldsFor,
  finishRun,
  finishStory,
  kindChoices,
  withNextQuestion,
  formProblem,
  historyLabel,
  initialForm,
  initialState,
  llmSummary,
  shownEntry,
  startRun,
  targetOptions,
  timeOptions,
  withColumns,
  withForm,
  withProgress,
  withReviewedBundle,
  withVariables
} from '../panel/state';
import { makeBundle, makeHiddenBundle } from './fixture';
import { plural } from '../text';

// jest runs the spec as CommonJS; kinds.json is kind_table() (checked by tests/unit/test_comm.py)
declare const require: (path: string) => unknown;
const KINDS = require('./kinds.json') as IKindInfo[];

const HELLO: IHelloReply = {
  kinds: KINDS,
  protocol_version: 1,
  package_version: '0.1.0',
  status: { title: 't', rows: [], warnings: [] },
  llm: { reachable: true, model: 'SmolLM2.gguf', server: 'http://127.0.0.1:8765/v1', fix: null },
  settings: { base_url: 'http://127.0.0.1:8765/v1', model: '', privacy: 'mask', candidates: 3 }
};

const COLUMNS: IColumnInfo[] = [
  { name: 'date', semantic: 'datetime', hint: 'datetime' },
  { name: 'region', semantic: 'categorical', hint: 'categorical' },
  { name: 'revenue', semantic: 'numeric', hint: 'numeric' },
  { name: 'year', semantic: 'numeric', hint: 'numeric' },
  { name: 'note', semantic: 'text', hint: 'other' }
];

function ready(): IPanelState {
  let state: IPanelState = { ...initialState(), connection: { phase: 'ready', hello: HELLO } };
  state = withVariables(state, {
    frames: [
      { name: 'sales', rows: 90, columns: 5 },
      { name: 'costs', rows: 10, columns: 2 }
    ],
    figures: [{ name: 'fig', type: 'Figure', traces: 2 }]
  });
  return withColumns(state, 'sales', COLUMNS);
}

describe('panel state', () => {
  it('starts from the settings, leaving empty ones to the kernel', () => {
    expect(initialForm(DEFAULT_SETTINGS).candidates).toBe('');
    expect(initialForm({ baseUrl: '', model: '', candidates: 5, privacy: 'aggregate' })).toMatchObject({
      candidates: '5',
      privacy: 'aggregate',
      kind: 'describe'
    });
  });

  it('picks the first frame and figure, and keeps a choice that still exists', () => {
    let state = ready();
    expect(state.form.frame).toBe('sales');
    expect(state.form.figures).toEqual(['fig']);
    state = withForm(state, { frame: 'costs' });
    state = withVariables(state, {
      frames: [
        { name: 'costs', rows: 11, columns: 2 },
        { name: 'sales', rows: 90, columns: 5 }
      ],
      figures: []
    });
    expect(state.form.frame).toBe('costs');
    expect(state.form.figures).toEqual([]);
    state = withVariables(state, { frames: [{ name: 'sales', rows: 90, columns: 5 }], figures: [] });
    expect(state.form.frame).toBe('sales');
    expect(state.columns).toEqual([]); // columns of the old frame are dropped
  });

  it('offers numeric targets and datetime (or year) time columns', () => {
    expect(targetOptions(COLUMNS)).toEqual(['revenue', 'year', 'region']);
    expect(timeOptions(COLUMNS)).toEqual(['date', 'year']);
  });

  it('defaults time to the first datetime column, target only when required', () => {
    let state = ready();
    expect(state.form.time).toBe('date');
    expect(state.form.target).toBe('');
    state = withForm(state, { kind: 'predict' });
    expect(state.form.target).toBe('revenue');
    state = withForm(state, { kind: 'diagnose', target: '' });
    expect(state.form.target).toBe('');
  });

  it('ignores columns arriving for a frame no longer chosen', () => {
    const state = withForm(ready(), { frame: 'costs' });
    expect(withColumns(state, 'sales', COLUMNS)).toBe(state);
  });

  it('changing the frame clears target, time and columns', () => {
    const state = withForm(withForm(ready(), { kind: 'predict' }), { frame: 'costs' });
    expect(state.form).toMatchObject({ frame: 'costs', target: '', time: '' });
    expect(state.columns).toEqual([]);
  });

  it('says why Run is not possible yet', () => {
    expect(formProblem(initialState())).toMatch(/Not connected/);
    const state = ready();
    expect(formProblem(state)).toBeNull();
    expect(formProblem(withForm(state, { kind: 'ask' }))).toMatch(/question/);
    expect(formProblem(withForm(state, { candidates: '11' }))).toMatch(/1 to 10/);
    expect(formProblem(withForm(state, { candidates: '4' }))).toBeNull();
    expect(formProblem(withForm(state, { kind: 'predict', horizon: '-2' }))).toMatch(/Horizon/);
    const empty = withVariables(state, { frames: [], figures: [] });
    expect(formProblem(empty)).toMatch(/DataFrame/);
    expect(formProblem(withForm(empty, { kind: 'narrate' }))).toMatch(/plotly figure/);
    const noTarget = { ...state, columns: [], form: { ...state.form, kind: 'prescribe' as const, target: '' } };
    expect(formProblem(noTarget)).toMatch(/target/);
    const busy = startRun(state, 'run-1', { kind: 'describe', frame: 'sales' }, 0);
    expect(formProblem(busy)).toMatch(/running/);
  });

  it('builds run requests with only the fields the kind uses', () => {
    const state = withForm(ready(), { kind: 'predict', horizon: '6', question: 'ignored' });
    expect(buildRunRequest(state.form, DEFAULT_SETTINGS, KINDS)).toEqual({
      kind: 'predict',
      llm: true,
      frame: 'sales',
      target: 'revenue',
      time: 'date',
      horizon: 6
    });
    const ask = withForm(ready(), { kind: 'ask', question: '  Which region?  ', noLLM: true });
    expect(buildRunRequest(ask.form, DEFAULT_SETTINGS, KINDS)).toEqual({
      kind: 'ask',
      llm: false,
      frame: 'sales',
      question: 'Which region?'
    });
    const narrate = withForm(ready(), { kind: 'narrate' });
    expect(buildRunRequest(narrate.form, DEFAULT_SETTINGS, KINDS)).toEqual({
      kind: 'narrate',
      llm: true,
      figures: ['fig']
    });
  });

  it('sends explicit panel settings as overrides, and nothing for empty ones', () => {
    const state = withForm(ready(), { candidates: '2', privacy: 'aggregate' });
    const request = buildRunRequest(
      state.form,
      { baseUrl: ' http://gpu:8000/v1 ', model: 'qwen', candidates: null, privacy: '' },
      KINDS
    );
    expect(request).toMatchObject({
      candidates: 2,
      privacy: 'aggregate',
      base_url: 'http://gpu:8000/v1',
      model: 'qwen'
    });
    const plain = buildRunRequest(ready().form, DEFAULT_SETTINGS, KINDS);
    expect(plain).not.toHaveProperty('base_url');
    expect(plain).not.toHaveProperty('candidates');
    expect(plain).not.toHaveProperty('privacy');
  });

  it('streams progress by candidate and records finished runs newest first', () => {
    let state = startRun(ready(), 'run-1', { kind: 'describe', frame: 'sales' }, 1000);
    expect(state.running?.previous).toBeNull();
    state = withProgress(state, 1, 'second');
    state = withProgress(state, 0, 'fir');
    state = withProgress(state, 0, 'first');
    expect(state.running?.streams).toEqual(['first', 'second']);
    const bundle = makeBundle();
    state = finishRun(state, 'result', bundle, '');
    expect(state.running).toBeNull();
    expect(state.shown).toBe('run-1');
    expect(shownEntry(state)?.bundle).toBe(bundle);
    expect(state.message).toMatch(/3 candidates ready/);

    state = startRun(state, 'run-2', { kind: 'narrate', figures: ['fig'] }, 2000);
    // while the new run streams, the last result is out of view, not under the stream
    expect(state.shown).toBeNull();
    expect(shownEntry(state)).toBeNull();
    state = finishRun(state, 'cancelled', null, 'Stopped.');
    expect(state.history.map(e => [e.id, e.outcome, e.subject])).toEqual([
      ['run-2', 'cancelled', 'fig'],
      ['run-1', 'result', 'sales']
    ]);
    expect(state.shown).toBe('run-1'); // a cancelled run does not hide the last result
    expect(state.message).toMatch(/nothing was inserted/);
  });

  it('ignores progress and finish without a run', () => {
    const state = ready();
    expect(withProgress(state, 0, 'x')).toBe(state);
    expect(finishRun(state, 'error', null, 'x')).toBe(state);
  });

  it('keeps review decisions with the history entry', () => {
    let state = finishRun(startRun(ready(), 'run-1', { kind: 'describe', frame: 'sales' }, 0), 'result', makeBundle(), '');
    const reviewed = { ...makeBundle(), review: { p1: { status: 'accepted' as const } } };
    state = withReviewedBundle(state, 'run-1', reviewed);
    expect(shownEntry(state)?.bundle?.review).toEqual({ p1: { status: 'accepted' } });
  });

  it('labels history entries with kind, subject and time', () => {
    const started = new Date(2026, 0, 2, 9, 5, 7).getTime();
    const label = historyLabel({
      id: 'x',
      kind: 'describe',
      subject: 'sales',
      started,
      outcome: 'result',
      bundle: null,
      message: ''
    });
    expect(label).toBe('describe · sales · 09:05:07');
    expect(
      historyLabel({ id: 'y', kind: 'ask', subject: 'df', started, outcome: 'error', bundle: null, message: 'x' })
    ).toBe('ask · df · 09:05:07 (error)');
  });

  it('summarises the LLM state with the fix when unreachable', () => {
    expect(llmSummary({ phase: 'ready', hello: HELLO })).toEqual({
      text: 'LLM reachable · model SmolLM2.gguf',
      ok: true,
      fix: null
    });
    const down = { ...HELLO, llm: { reachable: false, model: null, server: 'http://x/v1', fix: 'Run `genanalyst serve`.' } };
    expect(llmSummary({ phase: 'ready', hello: down })).toMatchObject({
      ok: false,
      fix: 'Run `genanalyst serve`.'
    });
    expect(llmSummary({ phase: 'failed', message: 'not installed' }).fix).toBe('not installed');
    expect(llmSummary({ phase: 'no-kernel' }).ok).toBe(false);
  });

  it('knows which fields each kind needs from the kernel table', () => {
    expect(fieldsFor('prescribe', KINDS)).toMatchObject({ target: 'required', goal: true, time: false });
    expect(fieldsFor('narrate', KINDS)).toMatchObject({ frame: false, figures: true });
    expect(fieldsFor('ask', KINDS).question).toBe(true);
    expect(fieldsFor('diagnose', KINDS)).toMatchObject({ target: 'optional', time: true });
    expect(fieldsFor('story', KINDS)).toMatchObject({
      frame: true,
      target: 'required',
      time: true,
      goal: true,
      horizon: true,
      question: false
    });
    // before the kernel answers: only the frame, nothing guessed
    expect(fieldsFor('predict', [])).toMatchObject({ frame: true, target: 'none', horizon: false });
  });

  it('offers the kernel kinds (the full story included) and only the chosen one before', () => {
    expect(kindChoices(initialState())).toEqual([{ value: 'describe', label: 'describe' }]);
    const choices = kindChoices(ready());
    expect(choices.map(c => c.value)).toEqual(KINDS.map(k => k.kind));
    expect(choices.find(c => c.value === 'story')?.label).toMatch(/^Full story/);
    expect(choices[0].label).toBe('Describe — what happened');
  });

  it('runs the full story with its target and records one history entry per stage', () => {
    const state = withForm(ready(), { kind: 'story', horizon: '3' });
    const request = buildRunRequest(state.form, DEFAULT_SETTINGS, KINDS);
    expect(request).toEqual({
      kind: 'story',
      llm: true,
      frame: 'sales',
      target: 'revenue',
      time: 'date',
      goal: 'increase',
      horizon: 3
    });
    const running = startRun(state, 'run-9', request, 1000);
    const stages = ['describe', 'diagnose', 'predict', 'prescribe'].map(kind => ({
      ...makeBundle(),
      request: { kind, frame: 'sales' }
    }));
    const done = finishStory(running, stages, 'What happened: revenue rose.');
    expect(done.running).toBeNull();
    expect(done.history.map(e => e.kind)).toEqual([
      'story 1/4: describe',
      'story 2/4: diagnose',
      'story 3/4: predict',
      'story 4/4: prescribe'
    ]);
    expect(shownEntry(done)?.bundle?.request?.kind).toBe('describe');
    expect(done.message).toMatch(/^Full story in 4 stages .*What happened: revenue rose\.$/);
  });

  it('fills the form from a next question (kind, target, question, language)', () => {
    const asked = withNextQuestion(ready(), {
      kind: 'ask',
      frame: 'sales',
      question: '2024-03-14 的 revenue 發生了什麼事？',
      language: 'zh-Hant'
    });
    expect(asked.form).toMatchObject({ kind: 'ask', frame: 'sales', language: 'zh-Hant' });
    expect(buildRunRequest(asked.form, DEFAULT_SETTINGS, KINDS)).toEqual({
      kind: 'ask',
      llm: true,
      frame: 'sales',
      question: '2024-03-14 的 revenue 發生了什麼事？',
      language: 'zh-Hant'
    });
    const lever = withNextQuestion(ready(), {
      kind: 'prescribe',
      frame: 'sales',
      target: 'revenue',
      goal: 'decrease'
    });
    expect(buildRunRequest(lever.form, DEFAULT_SETTINGS, KINDS)).toMatchObject({
      kind: 'prescribe',
      target: 'revenue',
      goal: 'decrease'
    });
  });

  it('counts candidates with the right plural', () => {
    const one = makeBundle();
    one.proposals = one.proposals.slice(0, 1);
    const state = finishRun(startRun(ready(), 'r', { kind: 'describe', frame: 'sales' }, 0), 'result', one, '');
    expect(state.message).toBe('1 candidate ready for review.');
    const hidden = makeHiddenBundle(); // 2 shown, 2 hidden
    const done = finishRun(startRun(ready(), 'r', { kind: 'describe', frame: 'sales' }, 0), 'result', hidden, '');
    expect(done.message).toBe('2 candidates ready for review; 2 hidden by the checks.');
    expect(plural(0, 'candidate')).toBe('0 candidates');
    expect(plural(2, 'row')).toBe('2 rows');
  });
});
