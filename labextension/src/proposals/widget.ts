/**
 * The MIME renderer: holds the review state of one proposals output, writes it
 * back into the output model (so it is saved with the notebook) and inserts
 * accepted proposals below the producing cell.
 */

import { Clipboard } from '@jupyterlab/apputils';
import { CodeCell } from '@jupyterlab/cells';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PartialJSONObject } from '@lumino/coreutils';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { ILocation, insertCells, insertionIndex, presentProposalIds } from '../insert';
import { commTransport, loadKernelHelper } from '../panel/connection';
import { COMM_TARGET, PanelClient } from '../panel/protocol';
import {
  effectiveCode,
  effectiveNarrative,
  entryOf,
  markInserted,
  parseBundle,
  planInsertion,
  reconcileInserted,
  setAcknowledged,
  setEdit,
  setStatus
} from './model';
import {
  failureText,
  IInsertedCode,
  insertedCodeCells,
  IRunFailure,
  runSummary
} from '../runCells';
import { wordOf } from './labels';
import {
  checkPlanText,
  IPlanDraft,
  isPlanCard,
  mergeRerun,
  planText,
  setPlanField
} from './planEdit';
import { IBundle, INextQuestion, IRequest, METADATA_KEY, ReviewStatus } from './types';
import {
  FOCUS_KEY,
  IDraft,
  IPlanActions,
  IViewActions,
  IViewState,
  OPEN_KEY,
  renderBundle,
  renderProblem
} from './view';

/** What the renderer needs from the application (kept small for the panel helper too). */
export interface IReviewHost {
  /** The notebook and cell that hold `node`, or null (e.g. output in a separate view). */
  locate(node: HTMLElement): ILocation | null;
  /** Save the notebook the user is in (Accel+S while focus is in the review UI). */
  save(): void;
  /** An open kernel connection to reuse for plan re-runs (the sidebar panel's), if any. */
  kernelClient?(): PanelClient | null;
  /** Fill the panel's form with a next question and run it (only the panel offers this). */
  ask?(request: IRequest): void;
}

const RENDERER_CLASS = 'jp-GenAnalyst-renderer';

export class ProposalsWidget extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions, host: IReviewHost) {
    super();
    this._host = host;
    this._mimeType = options.mimeType;
    this.addClass(RENDERER_CLASS);
    // Keys typed in the review UI must not trigger notebook command-mode
    // shortcuts (Enter would enter edit mode instead of pressing a button).
    this.node.setAttribute('data-lm-suppress-shortcuts', 'true');
    this.node.addEventListener('keydown', this._onKeydown);
  }

  /** Called by the output area on first render and whenever the output changes. */
  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this._model = model;
    const data = model.data[this._mimeType];
    const json = JSON.stringify(data);
    if (json === this._written && this._bundle) {
      return Promise.resolve(); // our own write coming back
    }
    const parsed = parseBundle(data);
    if (parsed.kind === 'ok') {
      this._bundle = parsed.bundle;
      this._problem = null;
    } else {
      this._bundle = null;
      this._problem = parsed.message;
    }
    this._written = json;
    this._render();
    return Promise.resolve();
  }

  dispose(): void {
    this._disconnectNotebook();
    void this._kernel?.client.then(c => c.dispose()).catch(() => undefined);
    this._kernel = null;
    super.dispose();
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    // Outputs render before they are attached: connect once we are in a cell.
    requestAnimationFrame(() => this._connectNotebook());
  }

  protected onBeforeDetach(msg: Message): void {
    this._disconnectNotebook();
    super.onBeforeDetach(msg);
  }

  private _render(): void {
    const active = document.activeElement;
    const focusKey =
      active instanceof HTMLElement && this.node.contains(active)
        ? active.getAttribute(FOCUS_KEY)
        : null;
    const selection =
      active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : null;
    // Expanded sections (hidden candidates, cited facts) stay expanded across redraws.
    const open = new Set(
      Array.from(this.node.querySelectorAll<HTMLDetailsElement>(`details[${OPEN_KEY}]`))
        .filter(d => d.open)
        .map(d => d.getAttribute(OPEN_KEY))
    );
    const content = this._bundle
      ? renderBundle(
          this._bundle,
          this._viewState(),
          // only the panel can fill its form and run a next question; elsewhere: copy it
          this._host.ask ? this._actions : { ...this._actions, ask: undefined }
        )
      : renderProblem(this._problem ?? 'Nothing to show.');
    content.querySelectorAll<HTMLDetailsElement>(`details[${OPEN_KEY}]`).forEach(d => {
      d.open = open.has(d.getAttribute(OPEN_KEY));
    });
    this.node.replaceChildren(content);
    if (focusKey) {
      const target = this.node.querySelector<HTMLElement>(`[${FOCUS_KEY}="${CSS.escape(focusKey)}"]`);
      if (target) {
        target.focus();
        if (selection && target instanceof HTMLTextAreaElement) {
          target.setSelectionRange(selection[0], selection[1]);
        }
      }
    }
  }

  private _viewState(): IViewState {
    return {
      drafts: this._drafts,
      message: this._message,
      messageKind: this._messageKind,
      runnable: this._insertedCode()?.cells.length ?? 0,
      running: this._running,
      runErrors: this._runErrors,
      planDrafts: this._planDrafts
    };
  }

  /**
   * A comm with this notebook's kernel for plan re-runs, opened on first use (the kernel
   * helper is loaded silently, as the panel does) and kept per kernel.
   */
  private _client(): Promise<PanelClient> {
    const own = this._host.kernelClient?.();
    if (own && !own.isClosed) {
      return Promise.resolve(own);
    }
    const kernel = this._host.locate(this.node)?.panel.sessionContext.session?.kernel;
    if (!kernel) {
      return Promise.reject(
        new Error("No kernel: start this notebook's kernel and define the frame to re-run a plan.")
      );
    }
    if (this._kernel && this._kernel.id === kernel.id) {
      return this._kernel.client;
    }
    const client = (async () => {
      await loadKernelHelper(kernel);
      const comm = kernel.createComm(COMM_TARGET);
      const c = new PanelClient(commTransport(comm));
      comm.open({});
      return c;
    })();
    const entry = { id: kernel.id, client };
    this._kernel = entry;
    client
      .then(c => {
        c.onClose = () => {
          if (this._kernel === entry) {
            this._kernel = null; // a restarted kernel gets a new comm next time
          }
        };
      })
      .catch(() => {
        if (this._kernel === entry) {
          this._kernel = null;
        }
      });
    return client;
  }

  private async _loadColumns(id: string): Promise<void> {
    const frame = this._bundle?.request?.frame;
    if (!frame) {
      return;
    }
    try {
      const columns = await (await this._client()).columns(frame);
      const draft = this._planDrafts.get(id);
      if (draft && !this.isDisposed) {
        this._planDrafts.set(id, { ...draft, columns: columns.map(c => c.name) });
        this._render();
      }
    } catch {
      // no kernel or no such frame yet: the JSON text area still works; Re-run says why
    }
  }

  private async _rerunPlan(id: string): Promise<void> {
    const draft = this._planDrafts.get(id);
    if (!this._bundle || !draft || draft.busy) {
      return;
    }
    const checked = checkPlanText(draft.text);
    if (!checked.ok) {
      this._planDrafts.set(id, { ...draft, error: checked.message });
      this._render();
      return;
    }
    this._planDrafts.set(id, { ...draft, error: '', busy: true });
    this._render();
    try {
      const client = await this._client();
      const reply = await client.rerunPlan(this._bundle, id, checked.plan);
      if (this.isDisposed || !this._bundle) {
        return;
      }
      this._planDrafts.delete(id);
      const next = mergeRerun(this._bundle, reply.bundle, reply.proposal_id);
      const card = next.proposals.find(p => p.id === reply.proposal_id);
      this._say(`Re-ran the edited plan: ${reply.proposal_id} — ${card?.title ?? ''}`);
      this._commit(next);
      this._focus(`${reply.proposal_id}:accept`);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      const current = this._planDrafts.get(id);
      if (current) {
        this._planDrafts.set(id, { ...current, busy: false, error: reason });
        this._render();
      }
    }
  }

  private readonly _planActions: IPlanActions = {
    start: (id: string) => {
      const p = this._bundle?.proposals.find(q => q.id === id);
      if (!p || !isPlanCard(p)) {
        return;
      }
      this._planDrafts.set(id, { text: planText(p.plan), error: '', busy: false, columns: [] });
      this._say('');
      this._render();
      this._focus(`${id}:plan-text`);
      void this._loadColumns(id);
    },
    updateText: (id: string, text: string) => {
      const draft = this._planDrafts.get(id);
      if (draft) {
        this._planDrafts.set(id, { ...draft, text }); // no redraw: the text area shows it
      }
    },
    setField: (id: string, field: string, value: string) => {
      const draft = this._planDrafts.get(id);
      if (draft) {
        this._planDrafts.set(id, {
          ...draft,
          text: setPlanField(draft.text, field, value),
          error: ''
        });
        this._render();
      }
    },
    rerun: (id: string) => void this._rerunPlan(id),
    cancel: (id: string) => {
      this._planDrafts.delete(id);
      this._render();
      this._focus(`${id}:plan-edit`);
    }
  };

  /** This run's inserted code cells still in the notebook, with their panel. */
  private _insertedCode(): { panel: NotebookPanel; cells: IInsertedCode[] } | null {
    const panel = this._bundle ? this._host.locate(this.node)?.panel : null;
    const shared = panel?.content.model?.sharedModel;
    if (!panel || !shared || !this._bundle) {
      return null;
    }
    const cells = insertedCodeCells(
      shared.cells.map(c => ({ cell_type: c.cell_type, meta: c.getMetadata(METADATA_KEY) })),
      this._bundle.run_id
    );
    return { panel, cells };
  }

  /** Run the inserted code cells in order; stop at the first error and say where and why. */
  private async _runInserted(): Promise<void> {
    const found = this._insertedCode();
    if (!found || found.cells.length === 0 || this._running) {
      return;
    }
    const { panel, cells } = found;
    this._running = true;
    this._runErrors = new Map();
    this._say('');
    this._render();
    let failure: IRunFailure | null = null;
    let ran = 0;
    try {
      for (const [i, target] of cells.entries()) {
        const widget = panel.content.widgets[target.index];
        if (!(widget instanceof CodeCell)) {
          continue;
        }
        const reply = await CodeCell.execute(widget, panel.sessionContext);
        ran++;
        const content = reply
          ? (reply.content as { status: string; ename?: string; evalue?: string })
          : null;
        if (content?.status === 'error' || content?.status === 'aborted') {
          failure = {
            proposalId: target.proposalId,
            cell: i + 1,
            total: cells.length,
            ename: content.ename ?? (content.status === 'aborted' ? 'Aborted' : 'Error'),
            evalue: content.evalue ?? ''
          };
          break;
        }
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failure = {
        proposalId: cells[ran]?.proposalId ?? '',
        cell: ran + 1,
        total: cells.length,
        ename: 'Error',
        evalue: reason
      };
    }
    this._running = false;
    if (failure) {
      this._runErrors = new Map([[failure.proposalId, failureText(failure)]]);
    }
    this._say(runSummary(ran, cells.length, failure), failure ? 'error' : 'info');
    if (!this.isDisposed) {
      this._render();
    }
  }

  private _say(message: string, kind: 'info' | 'error' = 'info'): void {
    this._message = message;
    this._messageKind = kind;
  }

  /** Adopt a new bundle, redraw, and write it into the output model. */
  private _commit(next: IBundle): void {
    this._bundle = next;
    this._render();
    if (!this._model) {
      return;
    }
    const payload = next as unknown as PartialJSONObject;
    this._written = JSON.stringify(payload);
    this._model.setData({ data: { ...this._model.data, [this._mimeType]: payload } });
    // Output writes are "silent" in the shared model: flag the notebook as modified
    // so the review state is not lost when the user closes without saving.
    const location = this._host.locate(this.node);
    if (location?.panel.context.model) {
      location.panel.context.model.dirty = true;
    }
  }

  private readonly _actions: IViewActions = {
    setStatus: (id: string, status: ReviewStatus) => {
      if (!this._bundle) {
        return;
      }
      this._say('');
      this._commit(setStatus(this._bundle, id, status));
    },
    startEdit: (id: string) => {
      const p = this._bundle?.proposals.find(q => q.id === id);
      if (!this._bundle || !p) {
        return;
      }
      const entry = entryOf(this._bundle, id);
      this._drafts.set(id, {
        narrative: effectiveNarrative(p, entry),
        code: [...effectiveCode(p, entry)]
      });
      this._say('');
      this._render();
      this.node.querySelector<HTMLElement>(`[${FOCUS_KEY}="${id}:edit-narrative"]`)?.focus();
    },
    updateDraft: (id: string, draft: IDraft) => {
      this._drafts.set(id, draft); // no redraw: the textareas already show it
    },
    saveEdit: (id: string) => {
      const draft = this._drafts.get(id);
      if (!this._bundle || !draft) {
        return;
      }
      this._drafts.delete(id);
      this._say('Edit saved; the proposal is accepted with your text.');
      const edited = setEdit(this._bundle, id, draft);
      this._commit(setStatus(edited, id, 'accepted'));
      this._focus(`${id}:edit`);
    },
    cancelEdit: (id: string) => {
      this._drafts.delete(id);
      this._say('');
      this._render();
      this._focus(`${id}:edit`);
    },
    acknowledge: (id: string, value: boolean) => {
      if (this._bundle) {
        this._commit(setAcknowledged(this._bundle, id, value));
      }
    },
    insert: () => this._insert(),
    runInserted: () => void this._runInserted(),
    plan: this._planActions,
    copyMagic: (magic: string) => {
      Clipboard.copyToSystem(magic);
      this._say(`Copied: ${magic.split('\n')[0]} — paste it into a cell to ask it.`);
    },
    ask: (question: INextQuestion) => {
      this._say(`Asking: ${question.text}`);
      this._host.ask?.(question.request);
    }
  };

  private _focus(key: string): void {
    this.node.querySelector<HTMLElement>(`[${FOCUS_KEY}="${CSS.escape(key)}"]`)?.focus();
  }

  private _insert(): void {
    if (!this._bundle) {
      return;
    }
    const location = this._host.locate(this.node);
    const nbModel = location?.panel.content.model;
    if (!location || !nbModel) {
      this._say('Open this output in its notebook to insert cells.', 'error');
      this._render();
      return;
    }
    const shared = nbModel.sharedModel;
    const runId = this._bundle.run_id;
    const bundle = reconcileInserted(this._bundle, presentProposalIds(shared, runId));
    const plan = planInsertion(bundle);
    if (plan.ids.length === 0) {
      this._say('Nothing to insert: accept a proposal first.', 'error');
      this._commit(bundle);
      return;
    }
    const index = insertionIndex(shared, location.cellId, runId);
    try {
      if (index < 0) {
        throw new Error('the cell that produced this output is gone');
      }
      insertCells(shared, index, plan.cells);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
      this._say(`Nothing was inserted: ${reason}.`, 'error');
      this._render();
      return;
    }
    const n = plan.cells.length;
    const inserted = wordOf(bundle, n === 1 ? 'inserted_one' : 'inserted_many', { count: n });
    this._say(`${inserted} ${wordOf(bundle, 'undo')}`);
    this._commit(markInserted(bundle, plan.ids));
    // The Insert button is now disabled: keep keyboard focus in the review UI.
    this._focus('message');
  }

  /** Keep `inserted` honest when the user undoes or deletes inserted cells. */
  private _connectNotebook(): void {
    if (this.isDisposed || this._cells) {
      return;
    }
    const cells = this._host.locate(this.node)?.panel.content.model?.cells;
    if (cells) {
      cells.changed.connect(this._onCellsChanged, this);
      this._cells = cells;
    }
  }

  private _disconnectNotebook(): void {
    this._cells?.changed.disconnect(this._onCellsChanged, this);
    this._cells = null;
  }

  private _onCellsChanged(): void {
    if (this._reconcileScheduled) {
      return;
    }
    this._reconcileScheduled = true;
    setTimeout(() => {
      this._reconcileScheduled = false;
      const shared = this._host.locate(this.node)?.panel.content.model?.sharedModel;
      if (!this._bundle || !shared || this.isDisposed) {
        return;
      }
      const next = reconcileInserted(this._bundle, presentProposalIds(shared, this._bundle.run_id));
      if (next !== this._bundle) {
        this._say('Inserted cells were removed; those proposals can be inserted again.');
        this._commit(next);
      } else {
        this._render(); // the "Run inserted cells" count follows the notebook
      }
    }, 0);
  }

  private _onKeydown = (event: KeyboardEvent): void => {
    const accel = event.ctrlKey || event.metaKey;
    if (accel && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      this._host.save();
    } else if (event.key === 'Escape') {
      // Leave the review UI to the cell, in command mode, like other outputs.
      const cell = this.node.closest<HTMLElement>('.jp-Cell');
      if (cell) {
        event.preventDefault();
        cell.focus();
      }
    }
  };

  private _host: IReviewHost;
  private _mimeType: string;
  private _model: IRenderMime.IMimeModel | null = null;
  private _bundle: IBundle | null = null;
  private _problem: string | null = null;
  private _written = '';
  private _drafts = new Map<string, IDraft>();
  private _message = '';
  private _messageKind: 'info' | 'error' = 'info';
  private _cells: INotebookModel['cells'] | null = null;
  private _reconcileScheduled = false;
  private _running = false;
  private _runErrors: ReadonlyMap<string, string> = new Map();
  private _planDrafts = new Map<string, IPlanDraft>();
  private _kernel: { id: string; client: Promise<PanelClient> } | null = null;
}
