// Generate src/proposals/schema.generated.ts from the one proposals schema
// (jupyter_genanalyst/schema/proposals.schema.json); `--check` fails when the committed
// file is stale, so the TypeScript types cannot drift from what Python writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const schemaPath = resolve(here, '../../jupyter_genanalyst/schema/proposals.schema.json');
const outPath = resolve(here, '../src/proposals/schema.generated.ts');

const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const banner =
  '/* Generated from jupyter_genanalyst/schema/proposals.schema.json by\n' +
  ' * scripts/schema-types.mjs (jlpm schema:types). Do not edit; edit the schema. */';
const ts = await compile(schema, 'IBundle', {
  bannerComment: banner,
  unreachableDefinitions: false,
  format: true,
  style: { singleQuote: true, printWidth: 100, trailingComma: 'none', arrowParens: 'avoid' }
});

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outPath, 'utf8');
  } catch {
    current = '';
  }
  if (current !== ts) {
    console.error(
      'src/proposals/schema.generated.ts is stale: run `jlpm schema:types` after changing the schema.'
    );
    process.exit(1);
  }
  console.log('schema.generated.ts matches the proposals schema');
} else {
  writeFileSync(outPath, ts);
  console.log(`wrote ${outPath}`);
}
