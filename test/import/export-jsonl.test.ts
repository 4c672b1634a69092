import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTrace } from '../../src/trace/trace-writer.js';
import { readTrace } from '../../src/trace/trace-reader.js';
import { exportJsonl } from '../../src/import/export-jsonl.js';
import { openInput } from '../../src/input/open-input.js';
import { KERNEL_ADDRESS, eventsOfEveryKind, traceHeader } from '../helpers/trace-builders.js';
import { readAllEvents, traceTempDir } from '../helpers/trace-files.js';

describe('exportJsonl', () => {
  let tmp: ReturnType<typeof traceTempDir>;
  beforeEach(() => { tmp = traceTempDir(); });
  afterEach(() => tmp.remove());

  it('writes one canonical JSON event per line that reads back the same', async () => {
    await writeTrace(tmp.path('t.pb'), traceHeader(), eventsOfEveryKind(), { batchSize: 4 });
    const count = await exportJsonl((await readTrace(tmp.path('t.pb'))).batches(), tmp.path('t.jsonl'));
    const text = readFileSync(tmp.path('t.jsonl'), 'utf8');
    expect(count).toBe(eventsOfEveryKind().length);
    expect(text.split('\n')).toHaveLength(count + 1);
    expect(text).toContain(`"lock":"${0xffff888012345678n}"`);
    expect(text).toContain(`"stack":["${KERNEL_ADDRESS}","18446744073709551615","1"]`);
    expect(await readAllEvents(await openInput(tmp.path('t.jsonl')))).toEqual(eventsOfEveryKind());
  });
});
