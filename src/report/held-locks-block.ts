// The text blocks of the lock-lifetime misuses, in the words of lockdep: a task exiting with
// locks held (print_held_locks_bug(): "still has locks held!", then lockdep_print_held_locks())
// and a held lock destroyed or initialised again (print_freed_lock_bug(): "held lock freed!").
import type { Finding } from '../detect/finding.js';
import { eventPlace } from './event-place.js';
import { lockName } from './lock-name.js';
import { modeLabel, taskLabel } from './labels.js';
import { stackLines } from './stack-lines.js';
import { titleLines } from './title-lines.js';
import { wrapText } from './wrap-text.js';

// Lines for a `held-at-exit` or `destroy-locked` finding: the task, each lock held and where it was taken.
export function heldLocksBlock(finding: Finding): string[] {
  const first = finding.tasks[0];
  const who = first === undefined ? 'a task' : taskLabel(first.tid, first.comm);
  const last = finding.events[finding.events.length - 1];
  const exit = finding.kind === 'held-at-exit';
  const lines = exit
    ? [...titleLines(`${who} still has locks held!`, finding),
      ...wrapText(`${who} exited at ${last === undefined ? 'an unknown event' : eventPlace(last)} holding:`)]
    : [...titleLines('held lock freed!', finding),
      ...wrapText(`${who} is ${/initialised/.test(finding.detail ?? '') ? 'initialising' : 'destroying'} a lock `
        + `at ${last === undefined ? 'an unknown event' : eventPlace(last)}, with the lock still held there:`),
      ...stackLines(last ?? {})];
  const count = finding.locks.length;
  lines.push(`${count} lock${count === 1 ? '' : 's'} held${exit ? ` by ${who}` : ''}:`);
  // The held-at events, in the order of the locks (the last event is the exit or destroy).
  const heldAt = finding.events.filter((e) => e !== last || finding.events.length === 1);
  finding.locks.forEach((lock, i) => {
    const event = heldAt[i];
    const holder = event === undefined ? undefined : finding.tasks.find((t) => t.tid === event.tid);
    const by = holder === undefined || exit ? '' : ` by ${taskLabel(holder.tid, holder.comm)}`;
    lines.push(...wrapText(`#${i}: (${lockName(lock, finding.semantics)}){${modeLabel(lock.mode)}}, `
      + `at ${event === undefined ? 'an unknown event' : eventPlace(event)}${by}`, ' ', '     '));
    lines.push(...stackLines(event ?? {}));
  });
  lines.push('');
  return lines;
}
