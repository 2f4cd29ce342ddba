/**
 * The sidebar panel plugin: adds the "GenAnalyst" panel (right area), the
 * `genanalyst:open-panel` command (also in the command palette), and reads the
 * panel's settings (schema/panel.json).
 */

import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { LabIcon } from '@jupyterlab/ui-components';

import { PanelController } from './controller';
import { PRIVACY_MODES, PrivacyMode } from './protocol';
import { DEFAULT_SETTINGS, IPanelSettings } from './state';

export const PLUGIN_ID = 'jupyter_genanalyst:panel';
export const OPEN_COMMAND = 'genanalyst:open-panel';

const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">' +
  '<g class="jp-icon3" fill="#616161">' +
  '<rect x="3" y="13" width="4" height="8" rx="1"/><rect x="10" y="9" width="4" height="12" rx="1"/>' +
  '<rect x="17" y="5" width="4" height="16" rx="1"/>' +
  '<path d="M6 3l.9 2.1L9 6l-2.1.9L6 9l-.9-2.1L3 6l2.1-.9z"/></g></svg>';

export const genAnalystIcon = new LabIcon({ name: 'jupyter_genanalyst:panel', svgstr: ICON_SVG });

/** Settings as stored, made safe: unknown or out-of-range values fall back to "kernel's". */
export function readSettings(composite: { [key: string]: unknown }): IPanelSettings {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const n = composite.candidates;
  const candidates =
    typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10 ? n : null;
  const p = composite.privacy;
  const privacy =
    typeof p === 'string' && (PRIVACY_MODES as readonly string[]).includes(p)
      ? (p as PrivacyMode)
      : '';
  return { baseUrl: text(composite.baseUrl), model: text(composite.model), candidates, privacy };
}

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Sidebar assistant: run GenAnalyst analyses on the kernel\'s DataFrames and review them.',
  autoStart: true,
  requires: [INotebookTracker, IRenderMimeRegistry],
  optional: [ILabShell, ICommandPalette, ISettingRegistry, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    labShell: ILabShell | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null
  ): void => {
    const controller = new PanelController({
      tracker,
      rendermime,
      save: () => void app.commands.execute('docmanager:save')
    });
    const panel = controller.view;
    panel.title.icon = genAnalystIcon;
    panel.title.label = labShell ? '' : 'GenAnalyst';
    app.shell.add(panel, 'right', { rank: 600 });
    restorer?.add(panel, PLUGIN_ID);

    app.commands.addCommand(OPEN_COMMAND, {
      label: 'Open the GenAnalyst panel',
      caption: 'Analyse DataFrames in the kernel and review AI-written proposals',
      icon: genAnalystIcon,
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: OPEN_COMMAND, category: 'GenAnalyst' });

    if (settingRegistry) {
      void settingRegistry
        .load(PLUGIN_ID)
        .then(settings => {
          const apply = () => {
            controller.settings = readSettings(settings.composite as { [key: string]: unknown });
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch(() => {
          controller.settings = DEFAULT_SETTINGS;
        });
    }
  }
};
