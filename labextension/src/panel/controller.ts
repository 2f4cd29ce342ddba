/**
 * Glue between the panel's DOM, its pure state and the kernels: follows the
 * active notebook, keeps one connection and one run history per notebook, and
 * reconnects after kernel changes and restarts.
 */

import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { Kernel } from '@jupyterlab/services';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { IBundle, IRequest, MIME_TYPE } from '../proposals/types';
import { IReviewHost, ProposalsWidget } from '../proposals/widget';
import { connectKernel } from './connection';
import { IServerOverrides, PanelClient } from './protocol';
import {
  DEFAULT_SETTINGS,
  IForm,
  IPanelSettings,
  IPanelState,
  buildRunRequest,
  finishRun,
  finishStory,
  formProblem,
  kindsOf,
  initialState,
  shownEntry,
  startRun,
  withColumns,
  withForm,
  withProgress,
  withReviewedBundle,
  withNextQuestion,
  withVariables
} from './state';
import { GenAnalystPanel, IPanelActions } from './widget';

interface INotebookSession {
  notebook: NotebookPanel;
  state: IPanelState;
  client: PanelClient | null;
  connecting: boolean;
  /** Review models of the history entries, so decisions survive switching. */
  models: Map<string, MimeModel>;
}

const DEAD: Kernel.Status[] = ['restarting', 'autorestarting', 'dead', 'terminating', 'unknown'];

export interface IControllerOptions {
  tracker: INotebookTracker;
  rendermime: IRenderMimeRegistry;
  /** Save the active notebook (Accel+S inside the review widget). */
  save: () => void;
}

export class PanelController implements IPanelActions {
  constructor(options: IControllerOptions) {
    this._tracker = options.tracker;
    this._rendermime = options.rendermime;
    this._save = options.save;
    this.view = new GenAnalystPanel(this);
    this.view.onShown = () => this._follow(this._tracker.currentWidget);
    this._tracker.currentChanged.connect((_, panel) => this._follow(panel));
    this._follow(this._tracker.currentWidget);
  }

  readonly view: GenAnalystPanel;

  set settings(value: IPanelSettings) {
    const server = (s: IPanelSettings) => `${s.baseUrl}\n${s.model}`;
    const changed = server(value) !== server(this._settings);
    this._settings = value;
    if (changed && this._current?.client) {
      this.recheck();
    }
  }

  // --- actions from the view ----------------------------------------------------------------
  formChanged(patch: Partial<IForm>): void {
    const s = this._current;
    if (!s) {
      return;
    }
    const frameBefore = s.state.form.frame;
    this._set(s, withForm(s.state, patch));
    if (s.state.form.frame !== frameBefore || (patch.frame && s.state.columns.length === 0)) {
      void this._loadColumns(s);
    }
  }

  run(): void {
    const s = this._current;
    if (!s || !s.client || formProblem(s.state) !== null) {
      return;
    }
    const client = s.client;
    const request = buildRunRequest(s.state.form, this._settings, kindsOf(s.state));
    const id = `run-${++this._runs}`;
    this._set(s, startRun(s.state, id, request, Date.now()));
    let pending = false;
    const onProgress = (candidate: number, text: string) => {
      s.state = withProgress(s.state, candidate, text);
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          this._render(s);
        });
      }
    };
    void client.run(request, onProgress).then(outcome => {
      if (outcome.status === 'result') {
        this._set(s, finishRun(s.state, 'result', outcome.bundle, ''));
      } else if (outcome.status === 'story') {
        this._set(s, finishStory(s.state, outcome.bundles, outcome.summary));
      } else if (outcome.status === 'cancelled') {
        this._set(s, finishRun(s.state, 'cancelled', null, 'Stopped.'));
      } else {
        this._set(s, finishRun(s.state, 'error', null, outcome.message));
      }
    });
  }

  /** A next question clicked in the panel's review: fill the form with it and run it. */
  ask(request: IRequest): void {
    const s = this._current;
    if (!s || s.state.running) {
      return;
    }
    this._set(s, withNextQuestion(s.state, request));
    void this._loadColumns(s).then(() => this.run());
  }

  stop(): void {
    const s = this._current;
    const kernel = s?.notebook.sessionContext.session?.kernel;
    if (!s || !s.state.running || !kernel) {
      return;
    }
    this._set(s, { ...s.state, message: 'Stopping (interrupting the kernel)…' });
    void kernel.interrupt().catch(error => {
      this._set(s, { ...s.state, message: `Could not interrupt the kernel: ${String(error)}` });
    });
  }

  recheck(): void {
    const s = this._current;
    if (!s) {
      return;
    }
    if (s.client && !s.client.isClosed) {
      const client = s.client;
      this._set(s, { ...s.state, connection: { phase: 'connecting', message: 'Checking the LLM…' } });
      void client
        .hello(this._overrides())
        .then(hello => this._set(s, { ...s.state, connection: { phase: 'ready', hello } }))
        .catch(error => this._fail(s, error));
      void this._loadVariables(s);
    } else {
      void this._connect(s);
    }
  }

  show(historyId: string): void {
    const s = this._current;
    if (s) {
      this._set(s, { ...s.state, shown: historyId });
    }
  }

  // --- notebooks and kernels ---------------------------------------------------------------
  private _follow(notebook: NotebookPanel | null): void {
    if (!notebook) {
      this._current = null;
      this.view.render({ ...initialState(this._settings), connection: { phase: 'no-notebook' } });
      this.view.showResult(null);
      return;
    }
    let s = this._sessions.get(notebook);
    if (!s) {
      s = {
        notebook,
        state: initialState(this._settings),
        client: null,
        connecting: false,
        models: new Map()
      };
      this._sessions.set(notebook, s);
      this._watch(s);
    }
    this._current = s;
    this._shownId = null;
    this._render(s);
    if (this.view.isVisible) {
      void this._connect(s);
    }
  }

  private _watch(s: INotebookSession): void {
    const context = s.notebook.sessionContext;
    context.kernelChanged.connect(() => {
      this._drop(s, 'The kernel changed.');
      void this._connect(s);
    });
    context.statusChanged.connect((_, status) => {
      this._render(s);
      if (DEAD.includes(status)) {
        this._drop(s, `The kernel is ${status}.`);
      } else if (status === 'idle' && !s.client && !s.connecting && this._wanted(s)) {
        void this._connect(s);
      }
    });
    s.notebook.disposed.connect(() => {
      this._drop(s, 'The notebook was closed.');
      this._sessions.delete(s.notebook);
      if (this._current === s) {
        this._follow(this._tracker.currentWidget);
      }
    });
  }

  private _wanted(s: INotebookSession): boolean {
    return this._current === s && this.view.isVisible;
  }

  /** Forget the connection; a run in progress ends as an error. */
  private _drop(s: INotebookSession, reason: string): void {
    const client = s.client;
    s.client = null;
    client?.dispose();
    let state = s.state;
    if (state.running) {
      state = finishRun(state, 'error', null, `${reason} The analysis did not finish.`);
    }
    this._set(s, { ...state, connection: { phase: 'connecting', message: `${reason} Reconnecting…` } });
  }

  private async _connect(s: INotebookSession): Promise<void> {
    if (s.connecting || (s.client && !s.client.isClosed)) {
      return;
    }
    s.connecting = true;
    try {
      const context = s.notebook.sessionContext;
      await context.ready;
      const kernel = context.session?.kernel;
      if (!kernel || context.hasNoKernel) {
        this._set(s, { ...s.state, connection: { phase: 'no-kernel' } });
        return;
      }
      this._set(s, {
        ...s.state,
        connection: { phase: 'connecting', message: 'Loading the GenAnalyst kernel helper…' }
      });
      const { client, hello } = await connectKernel(kernel, this._overrides());
      s.client = client;
      client.onVariables = variables => {
        const before = s.state.form.frame;
        this._set(s, withVariables(s.state, variables));
        if (s.state.form.frame !== before || s.state.columns.length === 0) {
          void this._loadColumns(s);
        }
      };
      client.onClose = () => {
        if (s.client === client) {
          this._drop(s, 'The kernel closed the connection.');
        }
      };
      this._set(s, { ...s.state, connection: { phase: 'ready', hello } });
      await this._loadVariables(s);
    } catch (error) {
      this._fail(s, error);
    } finally {
      s.connecting = false;
    }
  }

  private async _loadVariables(s: INotebookSession): Promise<void> {
    if (!s.client) {
      return;
    }
    try {
      const variables = await s.client.listVariables();
      this._set(s, withVariables(s.state, variables));
      await this._loadColumns(s);
    } catch (error) {
      this._set(s, { ...s.state, message: messageOf(error) });
    }
  }

  private async _loadColumns(s: INotebookSession): Promise<void> {
    const frame = s.state.form.frame;
    if (!s.client || !frame) {
      return;
    }
    try {
      const columns = await s.client.columns(frame);
      this._set(s, withColumns(s.state, frame, columns));
    } catch (error) {
      this._set(s, { ...s.state, message: messageOf(error) });
    }
  }

  private _fail(s: INotebookSession, error: unknown): void {
    this._set(s, { ...s.state, connection: { phase: 'failed', message: messageOf(error) } });
  }

  private _overrides(): IServerOverrides {
    const out: IServerOverrides = {};
    if (this._settings.baseUrl.trim()) {
      out.base_url = this._settings.baseUrl.trim();
    }
    if (this._settings.model.trim()) {
      out.model = this._settings.model.trim();
    }
    return out;
  }

  // --- rendering ---------------------------------------------------------------------------
  private _set(s: INotebookSession, state: IPanelState): void {
    s.state = state;
    this._render(s);
  }

  private _render(s: INotebookSession): void {
    if (s !== this._current) {
      return;
    }
    const context = s.notebook.sessionContext;
    const kernelName = context.hasNoKernel
      ? ''
      : `${context.kernelDisplayName} · ${context.kernelDisplayStatus}`;
    if (kernelName !== s.state.kernelName) {
      s.state = { ...s.state, kernelName };
    }
    this.view.render(s.state);
    this._renderResult(s);
  }

  private _renderResult(s: INotebookSession): void {
    const entry = shownEntry(s.state);
    const id = entry?.bundle ? entry.id : null;
    if (id === this._shownId) {
      return;
    }
    this._shownId = id;
    if (!entry || !entry.bundle) {
      this.view.showResult(null);
      return;
    }
    let model = s.models.get(entry.id);
    if (!model) {
      const entryId = entry.id;
      model = new MimeModel({
        data: { [MIME_TYPE]: entry.bundle as unknown as ReadonlyPartialJSONObject },
        trusted: true,
        callback: options => {
          const bundle = options.data?.[MIME_TYPE] as unknown as IBundle | undefined;
          if (bundle) {
            s.state = withReviewedBundle(s.state, entryId, bundle);
          }
        }
      });
      s.models.set(entry.id, model);
    }
    const widget = new ProposalsWidget(
      {
        mimeType: MIME_TYPE,
        sanitizer: this._rendermime.sanitizer,
        resolver: this._rendermime.resolver,
        linkHandler: this._rendermime.linkHandler,
        latexTypesetter: this._rendermime.latexTypesetter,
        markdownParser: this._rendermime.markdownParser
      },
      this._host(s)
    );
    this.view.showResult(widget);
    void widget.renderModel(model);
  }

  /** The panel's review widget inserts into its notebook, below the active cell. */
  private _host(s: INotebookSession): IReviewHost {
    return {
      locate: () => {
        const cell = s.notebook.content.activeCell;
        return cell ? { panel: s.notebook, cellId: cell.model.id } : null;
      },
      save: this._save,
      kernelClient: () => s.client, // plan re-runs reuse the panel's comm
      ask: request => this.ask(request)
    };
  }

  private _tracker: INotebookTracker;
  private _rendermime: IRenderMimeRegistry;
  private _save: () => void;
  private _settings: IPanelSettings = DEFAULT_SETTINGS;
  private _sessions = new Map<NotebookPanel, INotebookSession>();
  private _current: INotebookSession | null = null;
  private _shownId: string | null = null;
  private _runs = 0;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
