/**
 * Connecting the panel to a notebook's kernel: load the kernel helper if needed
 * (a silent `%load_ext`, kept out of the history), open the comm, say hello.
 */

import { Kernel, KernelMessage } from '@jupyterlab/services';

import { JSONObject } from '../proposals/types';
import { COMM_TARGET, IHelloReply, IServerOverrides, ITransport, PanelClient } from './protocol';

/** An `ITransport` over a kernel comm. */
export function commTransport(comm: Kernel.IComm): ITransport {
  return {
    send: (data: JSONObject) => {
      if (!comm.isDisposed) {
        comm.send(data);
      }
    },
    listen: (onData, onClose) => {
      comm.onMsg = (msg: KernelMessage.ICommMsgMsg) => onData(msg.content.data);
      comm.onClose = () => onClose();
    },
    close: () => {
      if (!comm.isDisposed) {
        comm.close();
      }
    }
  };
}

/**
 * Register the kernel helper without output or history entry. It calls the
 * extension's loader directly instead of `%load_ext`, so IPython does not mark
 * the extension loaded and the user's own `%load_ext jupyter_genanalyst` stays
 * silent (the loader itself is idempotent).
 */
export async function loadKernelHelper(kernel: Kernel.IKernelConnection): Promise<void> {
  const future = kernel.requestExecute({
    code: "__import__('jupyter_genanalyst').load_ipython_extension(get_ipython())",
    silent: true,
    store_history: false,
    allow_stdin: false,
    stop_on_error: false
  });
  const reply = await future.done;
  const content = reply.content;
  if (content.status === 'error') {
    const missing = content.ename === 'ModuleNotFoundError';
    throw new Error(
      missing
        ? "jupyter_genanalyst is not installed in this kernel's environment: " +
            'run `pip install jupyter_genanalyst` there and restart the kernel.'
        : `Loading the kernel helper failed: ${content.ename}: ${content.evalue}`
    );
  }
  if (content.status !== 'ok') {
    throw new Error('Loading the kernel helper was aborted (the kernel was busy or interrupted).');
  }
}

export interface IConnected {
  client: PanelClient;
  hello: IHelloReply;
}

/** Load the helper, open the comm and exchange `hello`. */
export async function connectKernel(
  kernel: Kernel.IKernelConnection,
  overrides: IServerOverrides
): Promise<IConnected> {
  await loadKernelHelper(kernel);
  const comm = kernel.createComm(COMM_TARGET);
  const client = new PanelClient(commTransport(comm));
  comm.open({});
  try {
    const hello = await client.hello(overrides);
    return { client, hello };
  } catch (error) {
    client.dispose();
    throw error;
  }
}
