import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';
import { createPolicy } from '../../src/policy/create-policy.js';
import { isPolicyNeutral } from '../../src/policy/policy-neutral.js';
import { POLICY_NAMES } from '../../src/policy/policy.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { createRecordingSink, type RecordedStep, type RecordingSink } from '../helpers/policy-recording-sink.js';
import { readAllEvents } from '../helpers/trace-files.js';

// Every sample trace and every captured ftrace fixture (DIOs, faults, page-cache adds and
// deletes, mmap_lock, contention).
const INPUTS = [
  ...readdirSync('traces').filter((f) => f.endsWith('.pb')).map((f) => join('traces', f)),
  ...readdirSync('test/fixtures/ftrace').map((f) => join('test/fixtures/ftrace', f)),
].sort();

// A step as the locks' names say it (each sink numbers its locks in its own order).
function stepText(sink: RecordingSink, step: RecordedStep): string {
  const name = (lock: number): string => `${sink.targets[lock].cls}(${sink.targets[lock].lock})`;
  switch (step.kind) {
    case 'acquire': return `${step.tid} +${name(step.lock)} ${step.mode}${step.tryLock ? ' try' : ''}${step.waits ? ' waits' : ''}`;
    case 'release': return `${step.tid} -${name(step.lock)}`;
    case 'hazard': return `${step.hazard.tid} hazard ${step.hazard.reason}`;
  }
}

// Per event, the steps each policy took for it.
function stepsPerEvent(events: readonly TraceEvent[], mmapLock: boolean): string[][][] {
  return POLICY_NAMES.map((name) => {
    const policy = createPolicy(name, { mmapLock });
    const sink = createRecordingSink();
    return events.map((event, index) => {
      const before = sink.steps.length;
      sink.index = index;
      // The engine applies these itself; a policy never sees them.
      if (event.kind !== 'lock' && event.kind !== 'task' && event.kind !== 'exit' && event.kind !== 'join' && event.kind !== 'lost') {
        policy.apply(event, index, sink);
      }
      return sink.steps.slice(before).map((step) => stepText(sink, step));
    });
  });
}

describe('isPolicyNeutral', () => {
  describe.each(INPUTS)('%s', (path) => {
    it.each([false, true])('names events that every policy turns into the same lock operations (mmap_lock modelled: %s)', async (mmapLock) => {
      const events = await readAllEvents(await openInput(path));
      const steps = stepsPerEvent(events, mmapLock);
      events.forEach((event, i) => {
        if (!isPolicyNeutral(event)) return;
        for (const perPolicy of steps) expect(perPolicy[i], `event ${i} (${event.kind})`).toEqual(steps[0][i]);
      });
    });
  });

  it('is false for the events that make the policies differ, in the samples', async () => {
    // The policies take different steps for some events of every DIO sample: those are never neutral.
    let differing = 0;
    for (const path of INPUTS) {
      const events = await readAllEvents(await openInput(path));
      const steps = stepsPerEvent(events, false);
      events.forEach((event, i) => {
        if (steps.some((perPolicy) => JSON.stringify(perPolicy[i]) !== JSON.stringify(steps[0][i]))) {
          differing += 1;
          expect(isPolicyNeutral(event), `${path} event ${i} (${event.kind})`).toBe(false);
        }
      });
    }
    expect(differing).toBeGreaterThan(0);
  });

  it('covers the non-lock kinds the captures hold', async () => {
    const neutralKinds = new Set<string>();
    for (const path of INPUTS) {
      for (const event of await readAllEvents(await openInput(path))) if (isPolicyNeutral(event)) neutralKinds.add(event.kind);
    }
    expect([...neutralKinds].sort()).toEqual(expect.arrayContaining(['contention', 'fault', 'mmapLock', 'pagecache']));
  });
});
