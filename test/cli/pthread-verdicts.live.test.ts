// What `check` finds in the recorded pthread reproducers (test/helpers/pthread-recorded().ts), per
// the model's semantics for user-space locks (/work/shared/DESIGN.md, docs/design.md §3-4):
// recursive and reader re-entry are silent; a destroyed and re-initialised lock is a new lock; a
// failed or timed-out lock call holds nothing; a join orders the edges before it against those
// after it; a thread that exits holding a lock is reported (held-at-exit).
import { expect, it } from 'vitest';
import { describeLive } from '../helpers/live-requirements.js';
import {
  usePthreadRecording, writeRunTrace, type PthreadProgram, type PthreadRecording,
} from '../helpers/pthread-recording.js';
import { faultline } from '../helpers/record-cli.js';

interface Finding { readonly kind: string; readonly qualification?: string }

// The findings of `check --policy naive` on one program's events (the default semantics): no
// policy rewrites user-space locks.
async function findings(recording: PthreadRecording, name: PthreadProgram, args: readonly string[] = []): Promise<Finding[]> {
  const trace = await writeRunTrace(recording, name);
  const result = await faultline(['check', trace, '--policy', 'naive', '--format', 'json', ...args]);
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`check ${name}: exit ${result.exitCode}: ${String(result.stderr)}`);
  return (JSON.parse(String(result.stdout)) as { findings: Finding[] }).findings;
}

const kinds = (found: readonly Finding[]): string[] => [...new Set(found.map((f) => f.kind))].sort();

describeLive('check on the recorded pthread reproducers', ['bpftrace', 'gcc', 'g++'], () => {
  const recorded = usePthreadRecording();

  it.each<PthreadProgram>(['recursive', 'rdreenter', 'cxx'])('finds nothing in %s: recursive and reader re-entry are silent', async (name) => {
    expect(kinds(await findings(recorded(), name))).toEqual([]);
  });

  it.each<PthreadProgram>(['timedlock', 'clocklock', 'trylock'])('finds nothing in %s: a failed lock call holds nothing', async (name) => {
    expect(kinds(await findings(recorded(), name))).toEqual([]);
  });

  it('finds nothing in condwait: the wait releases and retakes its mutex', async () => {
    expect(kinds(await findings(recorded(), 'condwait'))).toEqual([]);
  });

  it('finds no inversion in reinit: a destroyed and re-initialised mutex is a new lock', async () => {
    expect(kinds(await findings(recorded(), 'reinit'))).toEqual([]);
    expect(kinds(await findings(recorded(), 'reinit', ['--semantics', 'lockdep']))).toEqual([]);
  });

  it('qualifies joinabba\'s inversion as fork-join-ordered, and predictive drops it', async () => {
    const found = await findings(recorded(), 'joinabba');
    expect(kinds(found)).toEqual(['order-inversion']);
    expect(found.map((f) => f.qualification)).toEqual(['fork-join-ordered']);
    expect(kinds(await findings(recorded(), 'joinabba', ['--semantics', 'predictive']))).toEqual([]);
  });

  it('reports exitheld\'s thread that exits holding the mutex main then waits for', async () => {
    expect(kinds(await findings(recorded(), 'exitheld'))).toEqual(['held-at-exit']);
  });
});
