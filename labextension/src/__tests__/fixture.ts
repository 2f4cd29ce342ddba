import { IBundle } from '../proposals/types';

/** A bundle as docs/protocol.md section 1 describes it: three proposals, one with flagged code. */
export function makeBundle(): IBundle {
  return {
    version: 1,
    run_id: 'ga-test-1',
    request: { kind: 'describe', frame: 'df', target: null, time: null, question: null },
    model: 'template',
    label: 'AI-generated, reviewed by you · model: template · jupyter_genanalyst 0.1.0',
    notice: 'No LLM answered — template narratives shown.',
    facts: [
      {
        id: 'desc.mean.revenue',
        kind: 'descriptive',
        topic: 'mean',
        columns: ['revenue'],
        values: { mean: 12.5 },
        units: { mean: 'number' },
        importance: 0.9,
        text: 'revenue averages 12.5.',
        evidence: { mean: "df['revenue'].mean()" },
        caveats: [],
        sample_size: 4
      }
    ],
    proposals: [
      {
        id: 'p1',
        title: 'Revenue averages 12.5',
        narrative: 'Revenue averages 12.5 and grew 40%.',
        marked_narrative: 'Revenue averages 12.5 and grew *40% [unverified]*.',
        code: ["df['revenue'].mean()"],
        fact_ids: ['desc.mean.revenue'],
        origin: 'template',
        note: null,
        grounding: {
          numbers: [
            { text: '12.5', start: 17, end: 21, value: 12.5, unit: null, verified: true,
              fact_id: 'desc.mean.revenue', value_name: 'mean' },
            { text: '40%', start: 31, end: 34, value: 40, unit: 'percent', verified: false }
          ],
          causal_claims: [],
          dropped_sentences: [],
          faithfulness: 0.5
        },
        code_checks: [{ source: "df['revenue'].mean()", parses: true, problems: [], safety: [] }]
      },
      {
        id: 'p2',
        title: 'Plot revenue',
        narrative: 'A histogram shows the spread.',
        code: ["df['revenue'].plot.hist()", "df.describe()"],
        fact_ids: [],
        origin: 'llm',
        grounding: { numbers: [], causal_claims: [], dropped_sentences: [], faithfulness: 1 },
        code_checks: []
      },
      {
        id: 'p3',
        title: 'Save to disk',
        narrative: 'Higher prices cause lower revenue.',
        code: ["import os\nos.system('ls')"],
        fact_ids: [],
        origin: 'llm',
        grounding: {
          numbers: [],
          causal_claims: ['Higher prices cause lower revenue.'],
          dropped_sentences: [],
          faithfulness: 1
        },
        code_checks: [
          {
            source: "import os\nos.system('ls')",
            parses: true,
            problems: [],
            safety: [{ rule: 'dangerous-import', message: 'imports os', line: 1 }]
          }
        ]
      }
    ],
    provenance: {
      model: 'template',
      server_url: 'http://127.0.0.1:8765/v1',
      package_version: '0.1.0',
      privacy: 'mask'
    },
    review: {}
  };
}

/**
 * Issue 12's bundle: a storyteller card and a model card shown, two model candidates the
 * checks hid (one in Traditional Chinese), with the kernel's honest labels on each.
 */
export function makeHiddenBundle(): IBundle {
  const bundle = makeBundle();
  bundle.language = 'en';
  bundle.hidden_summary = '2 candidates hidden — why';
  const [p1, p2] = bundle.proposals;
  p1.origin = 'story';
  p1.labels = {
    numbers: '1 of 2 numbers match the facts (the meaning is not checked)',
    origin: 'Written from the facts without a model',
    review: null,
    verified: 1,
    total: 2
  };
  p2.labels = { numbers: 'no numbers to check', origin: 'AI-generated', verified: 0, total: 0 };
  bundle.proposals = [
    p1,
    p2,
    {
      id: 'h1',
      title: '{{id}} data',
      narrative: 'The {{data}} is in one JSON file.',
      code: ['{{id}} {{data}}'],
      fact_ids: [],
      origin: 'llm',
      hidden: 'template debris: {{id}}',
      labels: { numbers: 'no numbers to check', origin: 'AI-generated', verified: 0, total: 0 },
      grounding: { numbers: [] },
      code_checks: [{ source: '{{id}} {{data}}', parses: false }]
    },
    {
      id: 'h2',
      title: '臺北市營收成長 300%',
      narrative: '臺北市的營收在 2014 年成長了 300%。',
      code: [],
      fact_ids: [],
      origin: 'llm',
      hidden: '與事實不符的數字：2014, 300%',
      grounding: { numbers: [] }
    }
  ];
  return bundle;
}
