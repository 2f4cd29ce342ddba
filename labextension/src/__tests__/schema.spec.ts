/**
 * The one proposals schema (jupyter_genanalyst/schema/proposals.schema.json) against the
 * frontend: the jest fixture conforms to it, the generated types are readable through the
 * hand-written reader types, and the schema rejects a broken bundle.
 */
import Ajv2020 from 'ajv/dist/2020';

import { makeBundle, makeHiddenBundle } from './fixture';
import { parseBundle } from '../proposals/model';
import * as Gen from '../proposals/schema.generated';
import {
  IBundle,
  ICardLabels,
  IFact,
  IProposal,
  IRequest,
  IReviewEntry,
  MIME_TYPE,
  PROTOCOL_VERSION
} from '../proposals/types';

// jest runs the spec as CommonJS; the schema lives in the Python package, outside src/
declare const require: (path: string) => { [key: string]: unknown };
const schema = require('../../../jupyter_genanalyst/schema/proposals.schema.json');

/** Compile-time: whatever Python may write (the generated type) the UI can read. */
type Assignable<From, To> = [From] extends [To] ? true : false;
const readable: [
  Assignable<Gen.IBundle, IBundle>,
  Assignable<Gen.IProposal, IProposal>,
  Assignable<Gen.IFact, IFact>,
  Assignable<Gen.IRequest, IRequest>,
  Assignable<Gen.IReviewEntry, IReviewEntry>,
  Assignable<Gen.ICardLabels, ICardLabels>,
  // and what the UI writes into `review` is what the schema allows
  Assignable<IReviewEntry, Gen.IReviewEntry>
] = [true, true, true, true, true, true, true];

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('the proposals schema', () => {
  it('is the protocol version and MIME type the frontend knows', () => {
    expect(schema['x-protocol-version']).toBe(PROTOCOL_VERSION);
    expect(schema['x-mime-type']).toBe(MIME_TYPE);
    expect(readable.every(Boolean)).toBe(true);
  });

  it('accepts the jest fixture bundle, also after a review was written', () => {
    const validate = validator();
    const bundle = makeBundle();
    expect(validate(bundle)).toBe(true);
    bundle.review = { p1: { status: 'accepted', narrative: '臺北市的平均營收為 12.5。', inserted: true } };
    expect(validate(bundle)).toBe(true);
  });

  it('accepts hidden candidates, honest labels, a language and the hidden summary', () => {
    const validate = validator();
    expect(validate(makeHiddenBundle())).toBe(true);
    const zh = makeHiddenBundle();
    zh.language = 'zh-Hant';
    zh.hidden_summary = '已隱藏 2 個候選 — 原因';
    expect(validate(zh)).toBe(true);
    const badLanguage = { ...makeHiddenBundle(), language: 'fr' };
    expect(validate(badLanguage)).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/language');
    const partial = makeHiddenBundle() as unknown as { proposals: { labels?: object }[] };
    partial.proposals[0].labels = { numbers: 'no numbers to check' };
    expect(validate(partial)).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/proposals/0/labels');
  });

  it('rejects a bundle that breaks the protocol', () => {
    const validate = validator();
    const missing = makeBundle() as unknown as { proposals: { narrative?: string }[] };
    delete missing.proposals[0].narrative;
    expect(validate(missing)).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/proposals/0');
    const badStatus = makeBundle();
    badStatus.review = { p1: { status: 'maybe' as 'pending' } };
    expect(validate(badStatus)).toBe(false);
    expect(validate.errors?.[0].instancePath).toBe('/review/p1/status');
  });

  it('keeps the origins the schema declares when parsing, and reads unknown ones as llm', () => {
    const bundle = makeBundle() as unknown as { proposals: { origin: string }[] };
    bundle.proposals[0].origin = 'story';
    bundle.proposals[1].origin = 'plan';
    bundle.proposals[2].origin = 'oracle';
    const result = parseBundle(bundle);
    expect(result.kind).toBe('ok');
    const origins = result.kind === 'ok' ? result.bundle.proposals.map(p => p.origin) : [];
    expect(origins).toEqual(['story', 'plan', 'llm']);
  });
});
