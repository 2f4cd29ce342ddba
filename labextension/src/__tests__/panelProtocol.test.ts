import { JSONObject } from '../proposals/types';
import { ITransport, PANEL_PROTOCOL_VERSION, PanelClient, ProtocolError } from '../panel/protocol';
import { makeBundle } from './fixture';

/** A comm stand-in: records what the client sends, lets the test play the kernel. */
class FakeComm implements ITransport {
  sent: JSONObject[] = [];
  closed = false;
  private _onData: ((data: unknown) => void) | null = null;
  private _onClose: (() => void) | null = null;

  send(data: JSONObject): void {
    this.sent.push(JSON.parse(JSON.stringify(data)) as JSONObject);
  }
  listen(onData: (data: unknown) => void, onClose: () => void): void {
    this._onData = onData;
    this._onClose = onClose;
  }
  close(): void {
    this.closed = true;
  }
  /** The kernel sends a message. */
  reply(data: unknown): void {
    this._onData?.(data);
  }
  /** The kernel closes the comm. */
  kernelCloses(): void {
    this._onClose?.();
  }
  last(): JSONObject {
    return this.sent[this.sent.length - 1];
  }
}

const HELLO = {
  type: 'hello_reply',
  protocol_version: 1,
  package_version: '0.1.0',
  status: { title: 'GenAnalyst 0.1.0 status', rows: [['LLM', 'not reachable']], warnings: [] },
  llm: { reachable: false, model: null, server: 'http://127.0.0.1:8765/v1', fix: 'Run genanalyst serve' },
  settings: { base_url: 'http://127.0.0.1:8765/v1', model: '', privacy: 'mask', candidates: 3 }
};

describe('PanelClient', () => {
  it('sends hello with the protocol version and settings, resolves on hello_reply', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const reply = client.hello({ base_url: 'http://h:1/v1' });
    const sent = comm.last();
    expect(sent).toEqual({
      type: 'hello',
      version: PANEL_PROTOCOL_VERSION,
      settings: { base_url: 'http://h:1/v1' },
      request_id: 'r1'
    });
    comm.reply({ ...HELLO, request_id: 'r1' });
    const hello = await reply;
    expect(hello.llm.fix).toBe('Run genanalyst serve');
    expect(hello.settings.candidates).toBe(3);
  });

  it('refuses a kernel speaking a newer protocol', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const reply = client.hello();
    comm.reply({ ...HELLO, protocol_version: 2, request_id: 'r1' });
    await expect(reply).rejects.toThrow(/upgrade jupyter_genanalyst/);
  });

  it('matches replies to requests by request id, in any order', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const vars = client.listVariables();
    const cols = client.columns('sales');
    expect(comm.sent.map(m => [m.type, m.request_id])).toEqual([
      ['list_variables', 'r1'],
      ['columns', 'r2']
    ]);
    expect(comm.sent[1].frame).toBe('sales');
    comm.reply({
      type: 'columns_reply',
      request_id: 'r2',
      frame: 'sales',
      columns: [{ name: 'date', semantic: 'datetime', hint: 'datetime' }]
    });
    comm.reply({
      type: 'variables',
      request_id: 'r1',
      frames: [{ name: 'sales', rows: 90, columns: 3 }],
      figures: []
    });
    await expect(cols).resolves.toEqual([{ name: 'date', semantic: 'datetime', hint: 'datetime' }]);
    await expect(vars).resolves.toEqual({ frames: [{ name: 'sales', rows: 90, columns: 3 }], figures: [] });
  });

  it('rejects a request answered with error, with the kernel message', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const cols = client.columns('nope');
    comm.reply({ type: 'error', request_id: 'r1', message: "'nope' is no variable" });
    await expect(cols).rejects.toBeInstanceOf(ProtocolError);
    await expect(cols).rejects.toThrow("'nope' is no variable");
  });

  it('streams progress and resolves a run with the bundle', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const seen: [number, string][] = [];
    const run = client.run({ kind: 'describe', frame: 'sales', llm: true }, (i, t) => seen.push([i, t]));
    expect(comm.last()).toEqual({
      type: 'run',
      kind: 'describe',
      frame: 'sales',
      llm: true,
      request_id: 'r1'
    });
    comm.reply({ type: 'progress', request_id: 'r1', candidate: 0, text: 'Sales' });
    comm.reply({ type: 'progress', request_id: 'r1', candidate: 1, text: 'Revenue' });
    comm.reply({ type: 'progress', request_id: 'other', candidate: 0, text: 'not mine' });
    const bundle = makeBundle();
    comm.reply({ type: 'result', request_id: 'r1', bundle, seconds: 2.5 });
    const outcome = await run;
    expect(seen).toEqual([
      [0, 'Sales'],
      [1, 'Revenue']
    ]);
    expect(outcome).toEqual({ status: 'result', bundle, seconds: 2.5 });
  });

  it('turns run errors and cancellations into outcomes, not rejections', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const failed = client.run({ kind: 'predict', frame: 'sales' });
    const stopped = client.run({ kind: 'describe', frame: 'sales' });
    comm.reply({ type: 'error', request_id: 'r1', message: 'The request needs target' });
    comm.reply({ type: 'cancelled', request_id: 'r2' });
    await expect(failed).resolves.toEqual({ status: 'error', message: 'The request needs target' });
    await expect(stopped).resolves.toEqual({ status: 'cancelled' });
  });

  it('delivers pushed variables (no request id) to onVariables', () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const pushed: unknown[] = [];
    client.onVariables = v => pushed.push(v);
    comm.reply({
      type: 'variables',
      request_id: null,
      frames: [{ name: 'df', rows: 1, columns: 1 }],
      figures: [{ name: 'fig', type: 'Figure', traces: 2 }]
    });
    expect(pushed).toEqual([
      { frames: [{ name: 'df', rows: 1, columns: 1 }], figures: [{ name: 'fig', type: 'Figure', traces: 2 }] }
    ]);
  });

  it('ignores garbage and replies to unknown requests', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const vars = client.listVariables();
    comm.reply('not an object');
    comm.reply({ no: 'type' });
    comm.reply({ type: 'variables', request_id: 'r99', frames: [], figures: [] });
    comm.reply({ type: 'variables', request_id: 'r1', frames: [], figures: [] });
    await expect(vars).resolves.toEqual({ frames: [], figures: [] });
  });

  it('rejects a reply of the wrong type', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    const cols = client.columns('df');
    comm.reply({ type: 'hello_reply', request_id: 'r1' });
    await expect(cols).rejects.toThrow(/Unexpected reply 'hello_reply'/);
  });

  it('times out requests other than run', async () => {
    jest.useFakeTimers();
    try {
      const comm = new FakeComm();
      const client = new PanelClient(comm, { timeout: 1000 });
      const vars = client.listVariables();
      const run = client.run({ kind: 'describe', frame: 'df' });
      jest.advanceTimersByTime(1500);
      await expect(vars).rejects.toThrow(/did not answer in time/);
      comm.reply({ type: 'cancelled', request_id: 'r2' });
      await expect(run).resolves.toEqual({ status: 'cancelled' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects everything pending when the kernel closes the comm, and refuses new requests', async () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    let closed = 0;
    client.onClose = () => closed++;
    const vars = client.listVariables();
    const run = client.run({ kind: 'describe', frame: 'df' });
    comm.kernelCloses();
    await expect(vars).rejects.toThrow(/closed/);
    await expect(run).resolves.toEqual({
      status: 'error',
      message: 'The kernel closed the GenAnalyst connection.'
    });
    expect(client.isClosed).toBe(true);
    expect(closed).toBe(1);
    await expect(client.columns('df')).rejects.toThrow(/closed/);
  });

  it('dispose closes the comm once', () => {
    const comm = new FakeComm();
    const client = new PanelClient(comm);
    client.dispose();
    client.dispose();
    expect(comm.closed).toBe(true);
    expect(client.isClosed).toBe(true);
  });
});
