import { describe, expect, it } from 'vitest';
import { createFileLockIds } from '../../src/policy/file-lock-ids.js';
import { makeDev } from '../../src/trace/dev.js';
import { createRecordingSink } from '../helpers/policy-recording-sink.js';

describe('file lock ids', () => {
  it('interns a file\'s lock once, named major:minor:ino, and returns the same id after', () => {
    const ids = createFileLockIds('dio_count');
    const sink = createRecordingSink();
    const first = ids(sink, makeDev(254, 0), 2164945);
    expect(ids(sink, makeDev(254, 0), 2164945)).toBe(first);
    expect(sink.lockIdCalls).toBe(1);
    expect(sink.targets[first]).toEqual({ lock: '254:0:2164945', cls: 'dio_count', subclass: 0 });
  });

  it('tells files apart by device and inode', () => {
    const ids = createFileLockIds('pagecache');
    const sink = createRecordingSink();
    const all = [ids(sink, makeDev(8, 1), 12), ids(sink, makeDev(8, 2), 12), ids(sink, makeDev(8, 1), 13)];
    expect(new Set(all).size).toBe(3);
  });
});
