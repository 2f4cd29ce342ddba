/**
 * "Run inserted cells": which cells a human click runs, and how a failure is told. Pure, so
 * the rules are unit tested; the running itself is in proposals/widget.ts. Nothing runs by
 * itself: only the button does this, and only cells this analysis inserted.
 */

/** One inserted code cell of a run, by its position in the notebook. */
export interface IInsertedCode {
  /** Index of the cell in the notebook. */
  index: number;
  proposalId: string;
}

/** What went wrong in one inserted cell. */
export interface IRunFailure {
  proposalId: string;
  /** 1-based position among the cells that were to run. */
  cell: number;
  total: number;
  ename: string;
  evalue: string;
}

/**
 * The inserted code cells of `runId`, in notebook order, given each cell's type and
 * `metadata.jupyter_genanalyst` (markdown narratives are not run).
 */
export function insertedCodeCells(
  cells: { cell_type: string; meta: unknown }[],
  runId: string
): IInsertedCode[] {
  const out: IInsertedCode[] = [];
  cells.forEach((cell, index) => {
    const meta = cell.meta as { run_id?: unknown; proposal_id?: unknown; role?: unknown } | null;
    if (
      cell.cell_type === 'code' &&
      meta &&
      typeof meta === 'object' &&
      meta.run_id === runId &&
      meta.role === 'code' &&
      typeof meta.proposal_id === 'string'
    ) {
      out.push({ index, proposalId: meta.proposal_id });
    }
  });
  return out;
}

/** The one-line message a card shows for a failed cell. */
export function failureText(f: IRunFailure): string {
  const rest = f.cell < f.total ? ' The cells after it were not run.' : '';
  const why = f.evalue ? `${f.ename}: ${f.evalue}` : f.ename;
  return `Inserted cell ${f.cell} of ${f.total} raised ${why}.${rest}`;
}

/** The footer line after a run. */
export function runSummary(ran: number, total: number, failure: IRunFailure | null): string {
  if (failure) {
    const where = `cell ${failure.cell} raised ${failure.ename} (see its card)`;
    return `Ran ${failure.cell} of ${total} inserted cells; ${where}.`;
  }
  return `Ran ${ran} inserted ${ran === 1 ? 'cell' : 'cells'} without errors.`;
}
