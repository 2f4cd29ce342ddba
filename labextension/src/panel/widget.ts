/**
 * DOM of the sidebar panel. Built once; `render(state)` syncs it, so focus and
 * typing survive updates. Every control has a `<label for>`; status and
 * streaming text are `aria-live="polite"`. User actions go to `IPanelActions`.
 */

import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';

import { h } from '../dom';
import { PRIVACY_MODES, STORY_KIND } from './protocol';
import {
  IForm,
  IPanelState,
  fieldsFor,
  kindChoices,
  kindsOf,
  formProblem,
  historyLabel,
  llmSummary,
  targetOptions,
  timeOptions
} from './state';
import { plural } from '../text';

export interface IPanelActions {
  formChanged(patch: Partial<IForm>): void;
  run(): void;
  stop(): void;
  recheck(): void;
  show(historyId: string): void;
}

export const PANEL_ID = 'jp-genanalyst-panel';

interface IOption {
  value: string;
  label: string;
}

function setOptions(select: HTMLSelectElement, options: IOption[], value: string): void {
  const key = JSON.stringify(options);
  if (select.dataset.options !== key) {
    select.replaceChildren(...options.map(o => h('option', { value: o.value }, o.label)));
    select.dataset.options = key;
  }
  if (select.value !== value) {
    select.value = value;
  }
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'jp-GenAnalystPanel-field', 'data-field': id },
    h('label', { for: `ga-panel-${id}` }, label),
    control,
    hint ? h('span', { class: 'jp-GenAnalystPanel-hint', id: `ga-panel-${id}-hint` }, hint) : null
  );
}

function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** The controls: status, variables, form, streaming text. */
class ControlsView extends Widget {
  constructor(actions: IPanelActions) {
    super();
    this._actions = actions;
    this.addClass('jp-GenAnalystPanel-controls');
    const id = (name: string) => `ga-panel-${name}`;

    this._kind = h('select', { id: id('kind'), class: 'jp-GenAnalystPanel-control' });
    // the kinds come from the kernel (hello_reply.kinds); until it answers, the chosen one
    setOptions(this._kind, [{ value: 'describe', label: 'describe' }], 'describe');
    this._frame = h('select', { id: id('frame'), class: 'jp-GenAnalystPanel-control' });
    this._figures = h('select', {
      id: id('figures'),
      class: 'jp-GenAnalystPanel-control',
      multiple: true,
      size: 3
    });
    this._target = h('select', { id: id('target'), class: 'jp-GenAnalystPanel-control' });
    this._time = h('select', { id: id('time'), class: 'jp-GenAnalystPanel-control' });
    this._goal = h('select', { id: id('goal'), class: 'jp-GenAnalystPanel-control' });
    setOptions(
      this._goal,
      [
        { value: 'increase', label: 'increase' },
        { value: 'decrease', label: 'decrease' }
      ],
      'increase'
    );
    this._horizon = h('input', {
      id: id('horizon'),
      class: 'jp-GenAnalystPanel-control',
      type: 'number',
      min: 1,
      step: 1,
      placeholder: 'auto'
    });
    this._question = h('textarea', {
      id: id('question'),
      class: 'jp-GenAnalystPanel-control',
      rows: 3,
      placeholder: 'e.g. Which region grew most?'
    });
    this._candidates = h('input', {
      id: id('candidates'),
      class: 'jp-GenAnalystPanel-control',
      type: 'number',
      min: 1,
      max: 10,
      step: 1
    });
    this._privacy = h('select', { id: id('privacy'), class: 'jp-GenAnalystPanel-control' });
    this._noLLM = h('input', { id: id('nollm'), type: 'checkbox' });
    this._run = h(
      'button',
      { type: 'submit', class: 'jp-GenAnalystPanel-button jp-mod-primary' },
      'Run'
    );
    this._stop = h(
      'button',
      { type: 'button', class: 'jp-GenAnalystPanel-button jp-mod-stop' },
      'Stop'
    );
    this._problem = h('p', { class: 'jp-GenAnalystPanel-problem', id: id('problem') });
    this._kernel = h('p', { class: 'jp-GenAnalystPanel-kernel' });
    this._llm = h('p', { class: 'jp-GenAnalystPanel-llm' });
    this._fix = h('p', { class: 'jp-GenAnalystPanel-fix' });
    this._recheck = h(
      'button',
      { type: 'button', class: 'jp-GenAnalystPanel-button jp-mod-small' },
      'Check again'
    );
    this._frames = h('ul', { class: 'jp-GenAnalystPanel-vars', 'aria-label': 'DataFrames' });
    this._figureList = h('ul', { class: 'jp-GenAnalystPanel-vars', 'aria-label': 'Figures' });
    this._stream = h('div', {
      class: 'jp-GenAnalystPanel-stream',
      'aria-live': 'polite',
      'aria-label': 'Streaming narratives'
    });
    this._message = h('p', {
      class: 'jp-GenAnalystPanel-message',
      role: 'status',
      'aria-live': 'polite'
    });

    this._form = h(
      'form',
      { class: 'jp-GenAnalystPanel-form', 'aria-label': 'New analysis' },
      field('kind', 'Analysis', this._kind),
      field('frame', 'DataFrame', this._frame),
      field('figures', 'Figures', this._figures, 'Ctrl/Cmd+click to choose several.'),
      field('target', 'Target column', this._target),
      field('time', 'Time column', this._time),
      field('goal', 'Goal', this._goal),
      field('horizon', 'Horizon (periods)', this._horizon),
      field('question', 'Question', this._question),
      h(
        'div',
        { class: 'jp-GenAnalystPanel-row' },
        field('candidates', 'Candidates', this._candidates),
        field('privacy', 'Privacy', this._privacy)
      ),
      h(
        'div',
        { class: 'jp-GenAnalystPanel-check' },
        this._noLLM,
        h('label', { for: id('nollm') }, 'Template narratives only, no LLM')
      ),
      h('div', { class: 'jp-GenAnalystPanel-actions' }, this._run, this._stop),
      this._problem
    );

    this.node.append(
      h(
        'header',
        { class: 'jp-GenAnalystPanel-header' },
        h('h2', { class: 'jp-GenAnalystPanel-title' }, 'GenAnalyst'),
        h(
          'div',
          { class: 'jp-GenAnalystPanel-status', role: 'status', 'aria-live': 'polite' },
          this._kernel,
          this._llm,
          this._fix
        ),
        this._recheck
      ),
      h(
        'section',
        { class: 'jp-GenAnalystPanel-section', 'aria-labelledby': 'ga-panel-vars-title' },
        h('h3', { id: 'ga-panel-vars-title' }, 'In the kernel'),
        this._frames,
        this._figureList
      ),
      this._form,
      this._stream,
      this._message
    );
    this._wire();
  }

  render(state: IPanelState): void {
    const { form } = state;
    const spec = fieldsFor(form.kind, kindsOf(state));
    this._renderStatus(state);
    this._renderVariables(state);

    setOptions(this._kind, kindChoices(state), form.kind);
    const frames = state.variables.frames.map(f => ({
      value: f.name,
      label: `${f.name} (${f.rows ?? f.engine ?? '?'} × ${f.columns})`
    }));
    setOptions(
      this._frame,
      frames.length ? frames : [{ value: '', label: 'No DataFrame yet' }],
      form.frame
    );
    const figures = state.variables.figures.map(f => ({
      value: f.name,
      label: `${f.name} (${f.type}, ${plural(f.traces, 'trace')})`
    }));
    setOptions(this._figures, figures, '');
    for (const option of Array.from(this._figures.options)) {
      option.selected = form.figures.includes(option.value);
    }
    const targets = targetOptions(state.columns).map(c => ({ value: c, label: c }));
    const noTarget =
      spec.target === 'required' ? 'Choose a column' : '(none: look at all columns)';
    setOptions(this._target, [{ value: '', label: noTarget }, ...targets], form.target);
    const times = timeOptions(state.columns).map(c => ({ value: c, label: c }));
    setOptions(this._time, [{ value: '', label: '(detect automatically)' }, ...times], form.time);
    setOptions(this._goal, [
      { value: 'increase', label: 'increase' },
      { value: 'decrease', label: 'decrease' }
    ], form.goal);
    const kernelSettings = state.connection.phase === 'ready' ? state.connection.hello.settings : null;
    setOptions(
      this._privacy,
      [
        { value: '', label: `default${kernelSettings ? ` (${kernelSettings.privacy})` : ''}` },
        ...PRIVACY_MODES.map(m => ({ value: m, label: m }))
      ],
      form.privacy
    );
    this._candidates.placeholder = kernelSettings ? String(kernelSettings.candidates) : '3';
    this._sync(this._horizon, form.horizon);
    this._sync(this._question, form.question);
    this._sync(this._candidates, form.candidates);
    this._noLLM.checked = form.noLLM;

    const visible: { [key: string]: boolean } = {
      frame: spec.frame,
      figures: spec.figures,
      target: spec.target !== 'none',
      time: spec.time,
      goal: spec.goal,
      horizon: spec.horizon,
      question: spec.question
    };
    for (const [name, on] of Object.entries(visible)) {
      const el = this._form.querySelector<HTMLElement>(`[data-field="${name}"]`);
      if (el) {
        show(el, on);
      }
    }

    const problem = state.running ? null : formProblem(state);
    this._run.disabled = problem !== null || state.running !== null;
    this._run.setAttribute('aria-describedby', 'ga-panel-problem');
    this._problem.textContent = problem ?? '';
    show(this._stop, state.running !== null);
    this._stop.disabled = state.running === null;
    this._renderStream(state);
    this._message.textContent = state.message;
  }

  private _renderStatus(state: IPanelState): void {
    const summary = llmSummary(state.connection);
    const kernel = state.kernelName ? `Kernel: ${state.kernelName}` : 'Kernel: none';
    const version =
      state.connection.phase === 'ready'
        ? ` · helper ${state.connection.hello.package_version}`
        : '';
    this._kernel.textContent = kernel + version;
    this._llm.textContent = summary.text;
    this._llm.classList.toggle('jp-mod-ok', summary.ok);
    this._llm.classList.toggle('jp-mod-warn', !summary.ok);
    this._fix.textContent = summary.fix ? `Fix: ${summary.fix}` : '';
    show(this._fix, summary.fix !== null);
    this._recheck.disabled = state.connection.phase === 'connecting' || state.running !== null;
  }

  private _renderVariables(state: IPanelState): void {
    const { frames, figures } = state.variables;
    const key = JSON.stringify([frames, figures, state.form.frame, state.connection.phase]);
    if (key === this._varsKey) {
      return;
    }
    this._varsKey = key;
    const choose = (patch: Partial<IForm>) => () => this._actions.formChanged(patch);
    this._frames.replaceChildren(
      ...(frames.length
        ? frames.map(f => {
            const b = h(
              'button',
              {
                type: 'button',
                class: 'jp-GenAnalystPanel-var',
                'aria-pressed': String(f.name === state.form.frame),
                title: `Use ${f.name} in the form`
              },
              h('span', { class: 'jp-GenAnalystPanel-varName' }, f.name),
              f.rows === null
                ? ` ${f.engine ?? 'lazy'} frame · ${plural(f.columns, 'column')}`
                : ` DataFrame · ${plural(f.rows, 'row')} × ${plural(f.columns, 'column')}`
            );
            b.addEventListener('click', choose({ frame: f.name }));
            return h('li', {}, b);
          })
        : [
            h(
              'li',
              { class: 'jp-GenAnalystPanel-empty' },
              state.connection.phase === 'ready'
                ? 'No DataFrames yet: run a cell that creates one.'
                : '—'
            )
          ])
    );
    this._figureList.replaceChildren(
      ...figures.map(f => {
        const b = h(
          'button',
          { type: 'button', class: 'jp-GenAnalystPanel-var', title: `Narrate ${f.name}` },
          h('span', { class: 'jp-GenAnalystPanel-varName' }, f.name),
          ` ${f.type} · ${f.traces} trace${f.traces === 1 ? '' : 's'}`
        );
        b.addEventListener('click', choose({ kind: 'narrate', figures: [f.name] }));
        return h('li', {}, b);
      })
    );
  }

  private _renderStream(state: IPanelState): void {
    const run = state.running;
    if (!run) {
      this._stream.replaceChildren();
      show(this._stream, false);
      return;
    }
    show(this._stream, true);
    const head = h(
      'p',
      { class: 'jp-GenAnalystPanel-running' },
      `Running ${run.kind} on ${run.subject}… Facts first, then the model writes.`
    );
    const story = run.kind === STORY_KIND;
    const blocks = run.streams.map((text, i) =>
      h(
        'div',
        { class: 'jp-GenAnalystPanel-candidate' },
        h('h4', {}, story ? 'Full story (one stage at a time)' : `Candidate ${i + 1} (streaming, not yet checked)`),
        h('p', {}, text, h('span', { class: 'jp-GenAnalystPanel-caret', 'aria-hidden': 'true' }, '▍'))
      )
    );
    this._stream.replaceChildren(head, ...blocks);
  }

  private _sync(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
    if (el.value !== value) {
      el.value = value;
    }
  }

  private _wire(): void {
    const a = this._actions;
    this._kind.addEventListener('change', () =>
      a.formChanged({ kind: this._kind.value as IForm['kind'] })
    );
    this._frame.addEventListener('change', () => a.formChanged({ frame: this._frame.value }));
    this._figures.addEventListener('change', () =>
      a.formChanged({ figures: Array.from(this._figures.selectedOptions).map(o => o.value) })
    );
    this._target.addEventListener('change', () => a.formChanged({ target: this._target.value }));
    this._time.addEventListener('change', () => a.formChanged({ time: this._time.value }));
    this._goal.addEventListener('change', () =>
      a.formChanged({ goal: this._goal.value as IForm['goal'] })
    );
    this._horizon.addEventListener('input', () => a.formChanged({ horizon: this._horizon.value }));
    this._question.addEventListener('input', () =>
      a.formChanged({ question: this._question.value })
    );
    this._candidates.addEventListener('input', () =>
      a.formChanged({ candidates: this._candidates.value })
    );
    this._privacy.addEventListener('change', () =>
      a.formChanged({ privacy: this._privacy.value as IForm['privacy'] })
    );
    this._noLLM.addEventListener('change', () => a.formChanged({ noLLM: this._noLLM.checked }));
    this._form.addEventListener('submit', event => {
      event.preventDefault();
      if (!this._run.disabled) {
        a.run();
      }
    });
    this._question.addEventListener('keydown', event => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this._form.requestSubmit();
      }
    });
    this._stop.addEventListener('click', () => a.stop());
    this._recheck.addEventListener('click', () => a.recheck());
  }

  private _actions: IPanelActions;
  private _form: HTMLFormElement;
  private _kind: HTMLSelectElement;
  private _frame: HTMLSelectElement;
  private _figures: HTMLSelectElement;
  private _target: HTMLSelectElement;
  private _time: HTMLSelectElement;
  private _goal: HTMLSelectElement;
  private _horizon: HTMLInputElement;
  private _question: HTMLTextAreaElement;
  private _candidates: HTMLInputElement;
  private _privacy: HTMLSelectElement;
  private _noLLM: HTMLInputElement;
  private _run: HTMLButtonElement;
  private _stop: HTMLButtonElement;
  private _problem: HTMLParagraphElement;
  private _kernel: HTMLParagraphElement;
  private _llm: HTMLParagraphElement;
  private _fix: HTMLParagraphElement;
  private _recheck: HTMLButtonElement;
  private _frames: HTMLUListElement;
  private _figureList: HTMLUListElement;
  private _stream: HTMLDivElement;
  private _message: HTMLParagraphElement;
  private _varsKey = '';
}

/** This notebook's runs, newest first; a click shows a run's candidates again. */
class HistoryView extends Widget {
  constructor(actions: IPanelActions) {
    super();
    this._actions = actions;
    this.addClass('jp-GenAnalystPanel-history');
    this._list = h('ul', { class: 'jp-GenAnalystPanel-historyList' });
    this.node.append(h('h3', { id: 'ga-panel-history-title' }, 'Runs in this notebook'), this._list);
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-labelledby', 'ga-panel-history-title');
  }

  render(state: IPanelState): void {
    const key = JSON.stringify([state.history.map(e => [e.id, e.outcome]), state.shown]);
    if (key === this._key) {
      return;
    }
    this._key = key;
    this.node.hidden = state.history.length === 0;
    this._list.replaceChildren(
      ...state.history.map(entry => {
        const current = entry.id === state.shown;
        const b = h(
          'button',
          {
            type: 'button',
            class: 'jp-GenAnalystPanel-historyItem',
            'data-outcome': entry.outcome,
            'aria-current': current ? 'true' : null,
            title: entry.outcome === 'result' ? 'Show these candidates again' : entry.message
          },
          historyLabel(entry)
        );
        b.disabled = entry.outcome !== 'result';
        b.addEventListener('click', () => this._actions.show(entry.id));
        return h('li', {}, b);
      })
    );
  }

  private _actions: IPanelActions;
  private _list: HTMLUListElement;
  private _key = '';
}

/** The sidebar widget: controls, the shown run's review widget, the history. */
export class GenAnalystPanel extends Panel {
  constructor(actions: IPanelActions) {
    super();
    this.id = PANEL_ID;
    this.addClass('jp-GenAnalystPanel');
    this.title.caption = 'GenAnalyst: analyse DataFrames with a local LLM';
    this.node.setAttribute('role', 'complementary');
    this.node.setAttribute('aria-label', 'GenAnalyst assistant');
    // Keys typed in the panel must not reach notebook command-mode shortcuts.
    this.node.setAttribute('data-lm-suppress-shortcuts', 'true');
    this._controls = new ControlsView(actions);
    this._result = new Panel();
    this._result.addClass('jp-GenAnalystPanel-result');
    this._history = new HistoryView(actions);
    this.addWidget(this._controls);
    this.addWidget(this._result);
    this.addWidget(this._history);
  }

  /** Called whenever the panel becomes visible (the sidebar tab is opened). */
  onShown: (() => void) | null = null;

  render(state: IPanelState): void {
    this._controls.render(state);
    this._history.render(state);
  }

  /** Show a review widget (or nothing); the previous one is disposed. */
  showResult(widget: Widget | null): void {
    if (widget === this._shown) {
      return;
    }
    this._shown?.dispose();
    this._shown = widget;
    if (widget) {
      this._result.addWidget(widget);
    }
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.onShown?.();
  }

  private _controls: ControlsView;
  private _result: Panel;
  private _history: HistoryView;
  private _shown: Widget | null = null;
}
