/**
 * The `jupyter_genanalyst` comm as seen by the sidebar panel (docs/protocol.md,
 * section 3): typed messages and a client that matches replies to requests by
 * `request_id`. The client knows nothing of JupyterLab: it talks to an
 * `ITransport`, which the panel builds from a kernel comm and tests build by hand.
 */

import { IBundle, JSONObject } from '../proposals/types';

/** Comm target name registered by the kernel helper. */
export const COMM_TARGET = 'jupyter_genanalyst';

/** Highest panel protocol version this frontend speaks. */
export const PANEL_PROTOCOL_VERSION = 1;

/** A kind from the kernel's table (`hello_reply.kinds`); the panel keeps no list of its own. */
export type AnalysisKind = string;

/** The full story: four kinds in a row (story.py); its run answers `story_result`. */
export const STORY_KIND = 'story';

/** One row of the kernel's kinds table (`kind_table()` in notebook/comm.py). */
export interface IKindInfo {
  kind: AnalysisKind;
  /** "Describe — what happened", "Full story — …" */
  label?: string;
  summary: string;
  data: 'frame' | 'figures';
  /** The request fields it takes: target, time, goal, horizon, question. */
  options: string[];
  required: string[];
}

export const PRIVACY_MODES = ['mask', 'aggregate', 'synthetic', 'off'] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];

export interface IFrameInfo {
  name: string;
  /** null for Polars/DuckDB/Spark frames: counting would scan the data. */
  rows: number | null;
  columns: number;
  /** `polars`, `duckdb` or `spark`; absent for pandas. */
  engine?: string;
}

export interface IFigureInfo {
  name: string;
  /** `Figure` or `FigureWidget`. */
  type: string;
  traces: number;
}

export interface IVariables {
  frames: IFrameInfo[];
  figures: IFigureInfo[];
}

export type ColumnHint = 'numeric' | 'datetime' | 'categorical' | 'other';

export interface IColumnInfo {
  name: string;
  /** The kernel's semantic type (numeric, categorical, boolean, datetime, id, text, …). */
  semantic: string;
  hint: ColumnHint;
}

export interface ILLMState {
  reachable: boolean;
  model: string | null;
  server: string | null;
  /** One line telling how to get a server when none is reachable. */
  fix: string | null;
}

export interface IKernelSettings {
  base_url: string;
  model: string;
  privacy: string;
  candidates: number;
}

export interface IHelloReply {
  protocol_version: number;
  package_version: string;
  status: { title: string; rows: [string, string][]; warnings: string[] };
  llm: ILLMState;
  settings: IKernelSettings;
  /** The analysis kinds the kernel offers; the form's choices. */
  kinds?: IKindInfo[];
}

/** Overrides of the kernel's LLM settings (from the panel's settings). */
export interface IServerOverrides {
  base_url?: string;
  model?: string;
}

export interface IRunRequest extends IServerOverrides {
  kind: AnalysisKind;
  frame?: string;
  figures?: string[];
  target?: string;
  time?: string;
  goal?: 'increase' | 'decrease';
  horizon?: number;
  question?: string;
  candidates?: number;
  privacy?: PrivacyMode;
  llm?: boolean;
  /** The user's language (a next question asked in Chinese stays in Chinese). */
  language?: string;
}

export type RunOutcome =
  | { status: 'result'; bundle: IBundle; seconds: number }
  | { status: 'story'; bundles: IBundle[]; summary: string; seconds: number }
  | { status: 'error'; message: string }
  | { status: 'cancelled' };

/** The kernel's answer to `rerun_plan`: the bundle with the re-run card, and that card's id. */
export interface IRerunReply {
  bundle: IBundle;
  proposal_id: string;
  seconds: number;
}

/** Called for every `progress` message: the candidate's narrative so far. */
export type ProgressHandler = (candidate: number, text: string) => void;

/** Where the client's messages go and come from (a kernel comm in the panel). */
export interface ITransport {
  send(data: JSONObject): void;
  /** Install the handlers for incoming data and for the comm closing. */
  listen(onData: (data: unknown) => void, onClose: () => void): void;
  close(): void;
}

/** A request answered with an `error` message, or never answered. */
export class ProtocolError extends Error {}

interface IPending {
  final: string[];
  resolve: (data: { [key: string]: unknown }) => void;
  reject: (error: Error) => void;
  onProgress?: ProgressHandler;
  timer?: ReturnType<typeof setTimeout>;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface IClientOptions {
  /** Milliseconds before a non-run request gives up (runs never time out: Stop ends them). */
  timeout?: number;
}

export class PanelClient {
  constructor(transport: ITransport, options: IClientOptions = {}) {
    this._transport = transport;
    this._timeout = options.timeout ?? 30_000;
    transport.listen(
      data => this._receive(data),
      () => this._closed('The kernel closed the GenAnalyst connection.')
    );
  }

  /** Called with every `variables` message the kernel pushes after a cell ran. */
  onVariables: ((variables: IVariables) => void) | null = null;

  /** Called once when the comm closes (kernel restart, shutdown). */
  onClose: (() => void) | null = null;

  get isClosed(): boolean {
    return this._isClosed;
  }

  /** Protocol and package versions plus the LLM's state; rejects on a newer protocol. */
  async hello(settings: IServerOverrides = {}): Promise<IHelloReply> {
    const reply = (await this._request(
      { type: 'hello', version: PANEL_PROTOCOL_VERSION, settings: { ...settings } },
      ['hello_reply']
    )) as unknown as IHelloReply;
    if (Math.floor(reply.protocol_version) > PANEL_PROTOCOL_VERSION) {
      throw new ProtocolError(
        `The kernel speaks panel protocol ${reply.protocol_version}; ` +
          'please upgrade jupyter_genanalyst in JupyterLab.'
      );
    }
    return reply;
  }

  async listVariables(): Promise<IVariables> {
    const reply = await this._request({ type: 'list_variables' }, ['variables']);
    return { frames: reply.frames as IFrameInfo[], figures: reply.figures as IFigureInfo[] };
  }

  async columns(frame: string): Promise<IColumnInfo[]> {
    const reply = await this._request({ type: 'columns', frame }, ['columns_reply']);
    return reply.columns as IColumnInfo[];
  }

  /** Start an analysis; progress streams to `onProgress`; never rejects for kernel-side errors. */
  async run(request: IRunRequest, onProgress?: ProgressHandler): Promise<RunOutcome> {
    let reply: { [key: string]: unknown };
    try {
      reply = await this._request(
        { type: 'run', ...(request as unknown as JSONObject) },
        ['result', 'story_result', 'cancelled'],
        onProgress,
        false
      );
    } catch (error) {
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    if (reply.type === 'cancelled') {
      return { status: 'cancelled' };
    }
    if (reply.type === 'story_result') {
      return {
        status: 'story',
        bundles: (reply.bundles as IBundle[]) ?? [],
        summary: String(reply.summary ?? ''),
        seconds: typeof reply.seconds === 'number' ? reply.seconds : 0
      };
    }
    return {
      status: 'result',
      bundle: reply.bundle as IBundle,
      seconds: typeof reply.seconds === 'number' ? reply.seconds : 0
    };
  }

  /**
   * Run an `ask` card's edited plan on the same frame (the kernel's executor, never code);
   * rejects with the kernel's one-line error.
   */
  async rerunPlan(bundle: IBundle, proposalId: string, plan: JSONObject): Promise<IRerunReply> {
    const reply = await this._request(
      {
        type: 'rerun_plan',
        bundle: bundle as unknown as JSONObject,
        proposal_id: proposalId,
        plan
      },
      ['rerun_reply']
    );
    return {
      bundle: reply.bundle as IBundle,
      proposal_id: String(reply.proposal_id),
      seconds: typeof reply.seconds === 'number' ? reply.seconds : 0
    };
  }

  /** Close the comm; pending requests are rejected. */
  dispose(): void {
    if (this._isClosed) {
      return;
    }
    this._closed('The GenAnalyst connection was closed.');
    this._transport.close();
  }

  private _request(
    message: JSONObject,
    final: string[],
    onProgress?: ProgressHandler,
    timed = true
  ): Promise<{ [key: string]: unknown }> {
    if (this._isClosed) {
      return Promise.reject(new ProtocolError('The GenAnalyst connection is closed.'));
    }
    const requestId = `r${++this._counter}`;
    return new Promise((resolve, reject) => {
      const pending: IPending = { final, resolve, reject, onProgress };
      if (timed) {
        pending.timer = setTimeout(() => {
          this._pending.delete(requestId);
          reject(new ProtocolError('The kernel did not answer in time (is it busy?).'));
        }, this._timeout);
      }
      this._pending.set(requestId, pending);
      this._transport.send({ ...message, request_id: requestId });
    });
  }

  private _receive(data: unknown): void {
    if (!isObject(data) || typeof data.type !== 'string') {
      return;
    }
    const requestId = data.request_id;
    if (data.type === 'variables' && (requestId === null || requestId === undefined)) {
      this.onVariables?.({
        frames: (data.frames as IFrameInfo[]) ?? [],
        figures: (data.figures as IFigureInfo[]) ?? []
      });
      return;
    }
    const pending = typeof requestId === 'string' ? this._pending.get(requestId) : undefined;
    if (!pending) {
      return; // a reply to a request that timed out, or to another client
    }
    if (data.type === 'progress') {
      pending.onProgress?.(Number(data.candidate) || 0, String(data.text ?? ''));
      return;
    }
    this._pending.delete(requestId as string);
    if (pending.timer !== undefined) {
      clearTimeout(pending.timer);
    }
    if (data.type === 'error') {
      pending.reject(new ProtocolError(String(data.message ?? 'Unknown error in the kernel.')));
    } else if (pending.final.includes(data.type)) {
      pending.resolve(data);
    } else {
      pending.reject(new ProtocolError(`Unexpected reply '${data.type}' from the kernel.`));
    }
  }

  private _closed(reason: string): void {
    if (this._isClosed) {
      return;
    }
    this._isClosed = true;
    for (const pending of this._pending.values()) {
      if (pending.timer !== undefined) {
        clearTimeout(pending.timer);
      }
      pending.reject(new ProtocolError(reason));
    }
    this._pending.clear();
    this.onClose?.();
  }

  private _transport: ITransport;
  private _timeout: number;
  private _counter = 0;
  private _pending = new Map<string, IPending>();
  private _isClosed = false;
}
