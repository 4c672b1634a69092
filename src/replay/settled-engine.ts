// An engine as it stood at a batch boundary: its findings and notes then, kept. A replay spread
// over two threads emits these, so that this thread's engines can go on to the next batch while
// the worker's reach the boundary.
import type { Finding } from '../detect/finding.js';
import type { ReplayNotes } from '../detect/replay-notes.js';
import type { Engine } from './replay-engine.js';

/** An Engine that answers `findings` and `notes` after `events` events; it is not pushed and has no snapshot. */
export function settledEngine(events: number, findings: readonly Finding[], notes: ReplayNotes): Engine {
  return {
    events,
    findings: () => findings,
    notes: () => notes,
    push(): never {
      throw new Error('an engine settled at a batch boundary is not pushed');
    },
    snapshot(): never {
      throw new Error('an engine settled at a batch boundary has no snapshot');
    },
  };
}

/** `engine` as it stands now. */
export function settle(engine: Engine): Engine {
  return settledEngine(engine.events, engine.findings(), engine.notes());
}
