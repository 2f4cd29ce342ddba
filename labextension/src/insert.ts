/**
 * Finding the producing cell of an output and inserting proposal cells below it
 * as one undoable step of the notebook's shared model.
 */

import { INotebookModel, INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { ICellToInsert, METADATA_KEY } from './proposals/types';

type SharedNotebook = INotebookModel['sharedModel'];
type NewCell = Parameters<SharedNotebook['insertCell']>[1];

/** Where an output lives: its notebook panel and the id of its cell. */
export interface ILocation {
  panel: NotebookPanel;
  cellId: string;
}

/** Find the notebook cell whose DOM contains `node` (an output's renderer). */
export function locate(tracker: INotebookTracker, node: HTMLElement): ILocation | null {
  let found: ILocation | null = null;
  tracker.forEach(panel => {
    if (found) {
      return;
    }
    const cell = panel.content.widgets.find(c => c.node.contains(node));
    if (cell) {
      found = { panel, cellId: cell.model.id };
    }
  });
  return found;
}

function provenanceOf(
  shared: SharedNotebook,
  index: number
): { run_id?: unknown; proposal_id?: unknown } | null {
  const meta = shared.cells[index]?.getMetadata(METADATA_KEY);
  return meta && typeof meta === 'object' && !Array.isArray(meta)
    ? (meta as { run_id?: unknown; proposal_id?: unknown })
    : null;
}

/** Proposal ids of a run that still have cells in the notebook. */
export function presentProposalIds(shared: SharedNotebook, runId: string): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < shared.cells.length; i++) {
    const meta = provenanceOf(shared, i);
    if (meta && meta.run_id === runId && typeof meta.proposal_id === 'string') {
      ids.add(meta.proposal_id);
    }
  }
  return ids;
}

/**
 * Index right below the producing cell, after any cells this run inserted there
 * before, so proposals inserted later still follow the earlier ones in order.
 * Returns -1 when the producing cell is gone.
 */
export function insertionIndex(shared: SharedNotebook, cellId: string, runId: string): number {
  const producer = shared.cells.findIndex(c => c.id === cellId);
  if (producer < 0) {
    return -1;
  }
  let index = producer + 1;
  while (index < shared.cells.length && provenanceOf(shared, index)?.run_id === runId) {
    index++;
  }
  return index;
}

interface IUndoManagerLike {
  stopCapturing(): void;
}

function undoManagerOf(shared: SharedNotebook): IUndoManagerLike | null {
  const um = (shared as unknown as { undoManager?: IUndoManagerLike }).undoManager;
  return um && typeof um.stopCapturing === 'function' ? um : null;
}

/**
 * Insert `cells` at `index` in one transaction of the shared model, so one undo
 * of the notebook (Z in command mode, Edit › Undo Cell Operation) removes them all. If any cell fails to insert or
 * does not land where expected, the cells inserted so far are removed again in
 * the same transaction and the error is rethrown.
 */
export function insertCells(shared: SharedNotebook, index: number, cells: ICellToInsert[]): void {
  const um = undoManagerOf(shared);
  // Keep this insertion its own undo step, not merged with typing just before it.
  um?.stopCapturing();
  let failure: unknown = null;
  let count = 0;
  shared.transact(() => {
    try {
      for (const cell of cells) {
        const made = shared.insertCell(index + count, cell as unknown as NewCell);
        count++;
        if (made.cell_type !== cell.cell_type || made.getSource() !== cell.source) {
          throw new Error(`cell ${count} of ${cells.length} did not insert correctly`);
        }
      }
    } catch (error) {
      failure = error;
      if (count > 0) {
        shared.deleteCellRange(index, index + count);
        count = 0;
      }
    }
  });
  // The cells list is refreshed when the transaction ends: check the final positions.
  if (failure === null) {
    const misplaced = cells.some((cell, i) => {
      const got = shared.cells[index + i];
      return !got || got.cell_type !== cell.cell_type || got.getSource() !== cell.source;
    });
    if (misplaced) {
      failure = new Error('the inserted cells did not land below the producing cell');
      shared.transact(() => shared.deleteCellRange(index, index + count));
    }
  }
  um?.stopCapturing();
  if (failure !== null) {
    throw failure;
  }
}
