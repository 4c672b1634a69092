// The gate holds a file operation until its fd lookups are decided: passed on with its END when
// proven, dropped with it (and counted) when stale; other events pass at once.
import { describe, expect, it } from 'vitest';
import { createFdTable } from '../../../src/collect/ftrace/fd-table.js';
import { createFileOpGate } from '../../../src/collect/ftrace/file-op-gate.js';
import type { FileOp, TraceEvent } from '../../../src/trace/event.js';

const op: FileOp = { op: 'BUFFERED_WRITE', phase: 'BEGIN', dev: 1, ino: 10, dev2: 1, ino2: 10, pos: 0, len: 4096, buf: 0n };
const fileOp = (ts: number, phase: 'BEGIN' | 'END'): TraceEvent => ({ ts, tid: 7, pid: 7, cpu: 0, kind: 'fileOp', fileOp: { ...op, phase } });
const exit = (ts: number): TraceEvent => ({ ts, tid: 7, pid: 7, cpu: 0, kind: 'exit', exit: {} });

// A gate and a table whose lookups happen at time 1000 and find file 1:10.
function setup() {
  const out: TraceEvent[] = [];
  const gate = createFileOpGate((e) => out.push(e));
  const table = createFdTable(() => ({ dev: 1, ino: 10, direct: false }), () => 1000);
  return { out, gate, table };
}

describe('createFileOpGate', () => {
  it('passes other events at once and holds a BEGIN and its END until the lookup is proven', () => {
    const { out, gate, table } = setup();
    table.fileOf(7, 3, 100);
    gate.offer(fileOp(100, 'BEGIN'), table.takeUses());
    gate.offer(fileOp(150, 'END'), []);
    gate.offer(exit(160), []);
    expect(out.map((e) => e.ts)).toEqual([160]);
    expect(gate.oldestHeld()).toBe(100);
    gate.decodedUpTo(999);
    expect(out).toHaveLength(1);
    gate.decodedUpTo(1000);
    expect(out.map((e) => e.ts)).toEqual([160, 100, 150]);
    expect(gate.oldestHeld()).toBe(Infinity);
  });

  it('drops a stale BEGIN and the END that comes after it, and counts it', () => {
    const { out, gate, table } = setup();
    table.fileOf(7, 3, 100);
    gate.offer(fileOp(100, 'BEGIN'), table.takeUses());
    table.forget(7, 3, 3, 500);
    gate.decodedUpTo(1000);
    gate.offer(fileOp(150, 'END'), []);
    gate.flush();
    expect(out).toEqual([]);
    expect(gate.stale).toBe(1);
  });

  it('passes an END straight on once its BEGIN was passed on', () => {
    const { out, gate, table } = setup();
    table.fileOf(7, 3, 100);
    gate.offer(fileOp(100, 'BEGIN'), table.takeUses());
    gate.decodedUpTo(1000);
    gate.offer(fileOp(150, 'END'), []);
    expect(out.map((e) => e.ts)).toEqual([100, 150]);
  });

  it('keeps a task\'s operations apart while several are held, and passes all at the end', () => {
    const { out, gate, table } = setup();
    for (const ts of [100, 300]) {
      table.fileOf(7, 3, ts);
      gate.offer(fileOp(ts, 'BEGIN'), table.takeUses());
      gate.offer(fileOp(ts + 50, 'END'), []);
    }
    gate.flush();
    expect(out.map((e) => e.ts)).toEqual([100, 150, 300, 350]);
  });

  it('passes a mapping at once while an operation is held (mappings are named without the proof)', () => {
    const { out, gate, table } = setup();
    table.fileOf(7, 3, 100);
    gate.offer(fileOp(100, 'BEGIN'), table.takeUses());
    gate.offer({ ts: 120, tid: 7, pid: 7, cpu: 0, kind: 'mapping', mapping: { start: 0x7f00n, len: 4096, dev: 1, ino: 10, offset: 0 } }, []);
    expect(out.map((e) => e.kind)).toEqual(['mapping']);
    expect(gate.oldestHeld()).toBe(100);
  });
});
