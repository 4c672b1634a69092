// Rewrites traces/NAME.pb from its source and traces/NAME.golden.json from `check` under every
// policy (default instance semantics), and naive under predictive and under lockdep semantics. Run after changing a sample or a verdict on purpose,
// then read the diff: `npm run build && node scripts/update-goldens.mjs && git diff traces/`.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openInput } from '../dist/input/open-input.js';
import { convertToPb } from '../dist/import/convert-to-pb.js';
import { goldenReports } from '../dist/cli/golden-reports.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
const sources = readdirSync('traces').filter((f) => /\.(jsonl|std)$/.test(f)).sort();
for (const source of sources) {
  const name = source.replace(/\.(jsonl|std)$/, '');
  await convertToPb(await openInput(join('traces', source)), join('traces', `${name}.pb`));
  const golden = await goldenReports(join('traces', `${name}.pb`));
  writeFileSync(join('traces', `${name}.golden.json`), `${JSON.stringify(golden, null, 2)}\n`);
  console.log(`traces/${name}.pb, traces/${name}.golden.json`);
}
