import { describe, expect, it } from 'vitest';
import { createFdmPolicy } from '../../src/policy/fdm.js';
import { createNaivePolicy } from '../../src/policy/naive.js';
import { A, B, dioBegin, dioEnd, fileFault, pageAdd } from '../helpers/policy-events.js';
import { runPolicy } from '../helpers/policy-recording-sink.js';
import { scenario, type ScenarioName } from '../helpers/policy-scenarios.js';

describe('fdm policy', () => {
  it('is named fdm', () => {
    expect(createFdmPolicy().name).toBe('fdm');
  });

  it('refuses a fault on the file its DIO write holds: no lock is requested (S1)', () => {
    expect(runPolicy(createFdmPolicy(), scenario('S1')).lines()).toEqual([
      'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
      'T1 -dio_count(A)', 'T1 -pagecache(A)',
    ]);
  });

  it('refuses every fault on its own file, and still waits for ADD of another file', () => {
    const lines = runPolicy(createFdmPolicy(), [
      dioBegin(1, A), fileFault(1, A, 0), pageAdd(1, A, 1), fileFault(1, B, 0), dioEnd(1, A),
    ]).lines();
    expect(lines).toEqual([
      'T1 +pagecache(A) BLOCK', 'T1 +dio_count(A) SHARED_RECURSIVE',
      'T1 +pagecache(B) ADD', 'T1 -pagecache(B)',
      'T1 -dio_count(A)', 'T1 -pagecache(A)',
    ]);
  });

  it('takes ADD of its own file when the DIO is a read (only writes set the faults-disabled mapping)', () => {
    const lines = runPolicy(createFdmPolicy(), [dioBegin(1, A, { write: false }), fileFault(1, A, 0), dioEnd(1, A)]).lines();
    expect(lines).toEqual([
      'T1 +dio_count(A) SHARED_RECURSIVE', 'T1 +pagecache(A) ADD', 'T1 -pagecache(A)', 'T1 -dio_count(A)',
    ]);
  });

  it.each<ScenarioName>(['S2', 'S2-apart', 'S3', 'S4', 'S5'])(
    'requests what naive does in scenario %s, where no fault hits the DIO file',
    (name) => {
      expect(runPolicy(createFdmPolicy(), scenario(name)).lines()).toEqual(runPolicy(createNaivePolicy(), scenario(name)).lines());
    },
  );
});
