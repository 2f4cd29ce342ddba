/**
 * jupyter_genanalyst JupyterLab extension.
 *
 * Plugins are listed in `plugins` below; the sidebar panel (src/panel/) adds
 * its own plugin to that array.
 */

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';

import { locate } from './insert';
import { panelPlugin } from './panel/plugin';
import { MIME_TYPE } from './proposals/types';
import { IReviewHost, ProposalsWidget } from './proposals/widget';

/**
 * Rank of the proposals renderer (lower wins): ahead of the markdown/plain-text fallbacks
 * and of the ipywidgets view (rank -10) that the kernel adds where it cannot tell that this
 * extension is present, so JupyterLab and Notebook 7 always show this review.
 */
const RENDERER_RANK = -20;

/**
 * Renders `application/vnd.jupyter-genanalyst.proposals+json` outputs as a review
 * UI and inserts accepted proposals below the producing cell.
 */
const proposalsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter_genanalyst:proposals',
  description: 'Review AI-written analysis proposals and insert accepted ones as unexecuted cells.',
  autoStart: true,
  requires: [IRenderMimeRegistry, INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    rendermime: IRenderMimeRegistry,
    tracker: INotebookTracker
  ): void => {
    const host: IReviewHost = {
      locate: node => locate(tracker, node),
      save: () => void app.commands.execute('docmanager:save')
    };
    rendermime.addFactory(
      {
        safe: true, // text only, never HTML from the kernel
        mimeTypes: [MIME_TYPE],
        defaultRank: RENDERER_RANK,
        createRenderer: options => new ProposalsWidget(options, host)
      },
      RENDERER_RANK
    );
  }
};

const plugins: JupyterFrontEndPlugin<unknown>[] = [proposalsPlugin, panelPlugin];

export default plugins;
