import { failureText, insertedCodeCells, runSummary } from '../runCells';

const meta = (run: string, pid: string, role: string) => ({
  version: 1,
  run_id: run,
  proposal_id: pid,
  role
});

describe('run inserted cells', () => {
  it('picks only the code cells this run inserted, in notebook order', () => {
    const cells = [
      { cell_type: 'code', meta: null },
      { cell_type: 'markdown', meta: meta('r1', 'p1', 'narrative') },
      { cell_type: 'code', meta: meta('r1', 'p1', 'code') },
      { cell_type: 'code', meta: meta('r2', 'p1', 'code') },
      { cell_type: 'code', meta: 'not an object' },
      { cell_type: 'code', meta: meta('r1', 'p2', 'code') }
    ];
    expect(insertedCodeCells(cells, 'r1')).toEqual([
      { index: 2, proposalId: 'p1' },
      { index: 5, proposalId: 'p2' }
    ]);
    expect(insertedCodeCells(cells, 'r9')).toEqual([]);
  });

  it('says which cell failed and why, and what was not run', () => {
    const failure = { proposalId: 'p2', cell: 2, total: 3, ename: 'KeyError', evalue: "'營收'" };
    expect(failureText(failure)).toBe(
      "Inserted cell 2 of 3 raised KeyError: '營收'. The cells after it were not run."
    );
    expect(failureText({ ...failure, cell: 3 })).toBe("Inserted cell 3 of 3 raised KeyError: '營收'.");
    expect(runSummary(2, 3, failure)).toBe(
      'Ran 2 of 3 inserted cells; cell 2 raised KeyError (see its card).'
    );
    expect(runSummary(1, 1, null)).toBe('Ran 1 inserted cell without errors.');
    expect(runSummary(3, 3, null)).toBe('Ran 3 inserted cells without errors.');
  });
});
