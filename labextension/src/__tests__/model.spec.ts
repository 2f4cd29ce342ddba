import {
  buildCells,
  codeHeader,
  effectiveNarrative,
  entryOf,
  insertBlocker,
  labelOf,
  markInserted,
  needsAcknowledgement,
  parseBundle,
  planInsertion,
  reconcileInserted,
  scrubSecrets,
  setAcknowledged,
  setEdit,
  setStatus,
  summarize
} from '../proposals/model';
import { AI_TAG, IBundle, JSONObject, METADATA_KEY } from '../proposals/types';
import { makeBundle } from './fixture';

function parsed(data: unknown = makeBundle()): IBundle {
  const result = parseBundle(data);
  if (result.kind !== 'ok') {
    throw new Error(result.message);
  }
  return result.bundle;
}

function meta(cell: { metadata: JSONObject }): JSONObject {
  return cell.metadata[METADATA_KEY] as JSONObject;
}

describe('parseBundle', () => {
  it('accepts a version 1 bundle and defaults the review', () => {
    const b = parsed();
    expect(b.proposals.map(p => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(entryOf(b, 'p1')).toEqual({ status: 'pending' });
  });

  it('asks to upgrade for a higher major version instead of guessing', () => {
    const result = parseBundle({ ...makeBundle(), version: 2, proposals: 'new shape' });
    expect(result.kind).toBe('upgrade');
    if (result.kind === 'upgrade') {
      expect(result.message).toMatch(/please upgrade jupyter_genanalyst/i);
    }
  });

  it('rejects data that is not a bundle', () => {
    expect(parseBundle(null).kind).toBe('invalid');
    expect(parseBundle({ version: 1 }).kind).toBe('invalid');
    expect(parseBundle({ version: 1, proposals: [{ id: 'x' }] }).kind).toBe('invalid');
  });

  it('repairs unknown review statuses to pending', () => {
    const data = { ...makeBundle(), review: { p1: { status: 'maybe' } } };
    expect(entryOf(parsed(data), 'p1').status).toBe('pending');
  });

  it('does not share objects with the input', () => {
    const data = makeBundle();
    const b = parsed(data);
    b.proposals[0].title = 'changed';
    expect(data.proposals[0].title).toBe('Revenue averages 12.5');
  });
});

describe('state transitions', () => {
  it('accepts, rejects and returns to pending without mutating', () => {
    const b0 = parsed();
    const b1 = setStatus(b0, 'p1', 'accepted');
    const b2 = setStatus(b1, 'p2', 'rejected');
    const b3 = setStatus(b2, 'p1', 'pending');
    expect(entryOf(b0, 'p1').status).toBe('pending');
    expect(entryOf(b1, 'p1').status).toBe('accepted');
    expect(entryOf(b2, 'p2').status).toBe('rejected');
    expect(entryOf(b3, 'p1').status).toBe('pending');
    expect(summarize(b2)).toMatchObject({ accepted: 1, rejected: 1, pending: 1, insertable: 1 });
  });

  it('keeps the decision of an inserted proposal', () => {
    const b = markInserted(setStatus(parsed(), 'p1', 'accepted'), ['p1']);
    expect(entryOf(setStatus(b, 'p1', 'rejected'), 'p1').status).toBe('accepted');
  });

  it('throws on unknown proposal ids', () => {
    expect(() => setStatus(parsed(), 'nope', 'accepted')).toThrow(/Unknown proposal/);
  });

  it('stores an edit only when the text differs from the original or its marked form', () => {
    const b = parsed();
    const p1 = b.proposals[0];
    const same = setEdit(b, 'p1', { narrative: p1.marked_narrative!, code: [...p1.code] });
    expect(entryOf(same, 'p1')).toEqual({ status: 'pending' });
    const edited = setEdit(b, 'p1', { narrative: 'Mine.', code: ['df.head()'] });
    expect(entryOf(edited, 'p1')).toMatchObject({ narrative: 'Mine.', code: ['df.head()'] });
    const reverted = setEdit(edited, 'p1', { narrative: p1.narrative });
    expect(entryOf(reverted, 'p1').narrative).toBeUndefined();
    expect(entryOf(reverted, 'p1').code).toEqual(['df.head()']);
  });

  it('reconciles inserted flags with the cells still in the notebook', () => {
    const b = markInserted(setStatus(setStatus(parsed(), 'p1', 'accepted'), 'p2', 'accepted'), [
      'p1',
      'p2'
    ]);
    expect(reconcileInserted(b, new Set(['p1', 'p2']))).toBe(b);
    const r = reconcileInserted(b, new Set(['p1']));
    expect(entryOf(r, 'p1').inserted).toBe(true);
    expect(entryOf(r, 'p2').inserted).toBeUndefined();
    expect(planInsertion(r).ids).toEqual(['p2']);
  });
});

describe('acknowledgement gating', () => {
  it('requires acknowledgement for safety flags or code that does not parse', () => {
    const b = parsed();
    expect(needsAcknowledgement(b.proposals[0])).toBe(false);
    expect(needsAcknowledgement(b.proposals[2])).toBe(true);
    const broken = { ...b.proposals[1], code_checks: [{ source: 'x =', parses: false }] };
    expect(needsAcknowledgement(broken)).toBe(true);
  });

  it('blocks insertion of flagged code until acknowledged', () => {
    let b = setStatus(parsed(), 'p3', 'accepted');
    expect(insertBlocker(b.proposals[2], entryOf(b, 'p3'))).toMatch(/acknowledged/);
    let plan = planInsertion(b);
    expect(plan.ids).toEqual([]);
    expect(plan.blocked.map(p => p.id)).toEqual(['p3']);
    expect(summarize(b).blocked).toBe(1);
    b = setAcknowledged(b, 'p3', true);
    plan = planInsertion(b);
    expect(plan.ids).toEqual(['p3']);
    expect(plan.blocked).toEqual([]);
  });
});

describe('cell building (docs/protocol.md, insertion)', () => {
  it('builds a labelled markdown cell and one code cell per code entry', () => {
    const b = setStatus(parsed(), 'p2', 'accepted');
    const cells = buildCells(b, 'p2');
    const label = labelOf(b);
    expect(cells.map(c => c.cell_type)).toEqual(['markdown', 'code', 'code']);
    expect(cells[0].source).toBe(`> **${label}**\n\nA histogram shows the spread.`);
    expect(cells[1].source).toBe(
      '# AI-generated, reviewed by you — not run automatically\n' +
        '# model: template · jupyter_genanalyst 0.1.0\n' +
        "df['revenue'].plot.hist()"
    );
    expect(label).toBe('AI-generated, reviewed by you · model: template · jupyter_genanalyst 0.1.0');
    expect(codeHeader('AI-generated')).toBe('# AI-generated — not run automatically');
    for (const cell of cells.slice(1)) {
      expect(cell.execution_count).toBeNull();
      expect(cell.outputs).toEqual([]);
    }
    for (const cell of cells) {
      expect(cell.metadata.tags).toEqual([AI_TAG]);
      expect(meta(cell)).toMatchObject({
        version: 1,
        run_id: 'ga-test-1',
        proposal_id: 'p2',
        origin: 'llm',
        edited: false,
        fact_ids: [],
        faithfulness: 1
      });
    }
    expect(meta(cells[0]).role).toBe('narrative');
    expect(meta(cells[1]).role).toBe('code');
  });

  it('uses the marked narrative when unedited, so unverified numbers stay visible', () => {
    const b = setStatus(parsed(), 'p1', 'accepted');
    expect(buildCells(b, 'p1')[0].source).toContain('*40% [unverified]*');
    expect(meta(buildCells(b, 'p1')[0]).faithfulness).toBe(0.5);
  });

  it('lets the edit win over the original and marks edited cells', () => {
    let b = setStatus(parsed(), 'p2', 'accepted');
    b = setEdit(b, 'p2', {
      narrative: 'My own words.',
      code: ["df['revenue'].plot.box()", 'df.describe()']
    });
    const cells = buildCells(b, 'p2');
    expect(effectiveNarrative(b.proposals[1], entryOf(b, 'p2'))).toBe('My own words.');
    expect(cells[0].source.endsWith('\n\nMy own words.')).toBe(true);
    expect(cells[1].source).toContain("df['revenue'].plot.box()");
    expect(meta(cells[0]).edited).toBe(true);
    expect(meta(cells[1]).edited).toBe(true);
    expect(meta(cells[2]).edited).toBe(false);
  });

  it('skips code cells emptied by an edit', () => {
    let b = setStatus(parsed(), 'p2', 'accepted');
    b = setEdit(b, 'p2', { code: ['', 'df.describe()'] });
    expect(buildCells(b, 'p2').map(c => c.cell_type)).toEqual(['markdown', 'code']);
  });

  it('plans accepted, not inserted proposals in proposal order', () => {
    let b = parsed();
    b = setStatus(b, 'p2', 'accepted');
    b = setStatus(b, 'p1', 'accepted');
    b = setStatus(b, 'p3', 'rejected');
    const plan = planInsertion(b);
    expect(plan.ids).toEqual(['p1', 'p2']);
    expect(plan.cells.map(c => meta(c).proposal_id)).toEqual(['p1', 'p1', 'p2', 'p2', 'p2']);
    expect(planInsertion(markInserted(b, plan.ids)).ids).toEqual([]);
  });

  it('says AI-generated, on one line, whenever a model wrote a card', () => {
    const b = parsed({ ...makeBundle(), model: 'm.gguf', label: 'model: x\nv1' });
    expect(labelOf(b)).toBe('AI-generated · model: x v1');
    expect(labelOf(parsed({ ...makeBundle(), label: '' }))).toMatch(/^AI-generated/);
  });

  it('keeps the honest label of a bundle no model touched', () => {
    const label = 'Written from the facts without a model · jupyter_genanalyst 0.1.0';
    const b = parsed({ ...makeBundle(), model: 'template', label });
    expect(labelOf(b)).toBe(label);
  });
});

describe('scrubSecrets', () => {
  it('drops key-like fields and redacts key-like strings from provenance', () => {
    const scrubbed = scrubSecrets({
      model: 'm',
      api_key: 'sk-abcdefghijklmnopqrstuvwxyz',
      extra: { token: 'x', note: 'used sk-ABCDEFGHIJKLMNOPQRSTU', url: 'http://u:p@host/v1' }
    });
    const text = JSON.stringify(scrubbed);
    expect(text).not.toMatch(/sk-|api_key|token|u:p@/);
    expect(scrubbed).toEqual({
      model: 'm',
      extra: { note: 'used [redacted]', url: 'http://host/v1' }
    });
  });

  it('scrubs provenance in inserted cell metadata', () => {
    const data = makeBundle();
    data.provenance = { model: 'm', headers: { Authorization: 'Bearer abcdefghijkl' } };
    const cells = buildCells(setStatus(parsed(data), 'p2', 'accepted'), 'p2');
    expect(JSON.stringify(cells)).not.toMatch(/Bearer|Authorization/);
  });
});
