import { describe, expect, it } from 'vitest';
import { EnvironmentError, UsageError } from '../../src/trace/errors.js';
import {
  findBpftrace, parseTargetComm, parseTargetPid, requireRoot, requireTracefs,
} from '../../src/collect/collect-env.js';

describe('collect-env', () => {
  it.each(['0', '-1', '12a', '1.5', '', ' 1', '99999999999', '1e3'])('refuses --pid %j', (text) => {
    expect(() => parseTargetPid(text)).toThrow(UsageError);
  });

  it('accepts the pid of a running process and refuses one that is gone', () => {
    expect(parseTargetPid(String(process.pid))).toBe(process.pid);
    expect(() => parseTargetPid('1073741823')).toThrow(/expected a running process, got no process 1073741823/);
  });

  it.each(['dd', 'dio-loop', 'kworker.1', 'a_b', '123456789012345'])('accepts --comm %j', (text) => {
    expect(parseTargetComm(text)).toBe(text);
  });

  it.each(['', '1234567890123456', 'a b', 'x"); system("id', 'a/b', '$1'])('refuses --comm %j', (text) => {
    expect(() => parseTargetComm(text)).toThrow(UsageError);
  });

  it.each([
    { name: 'a non-root user', check: () => requireRoot(1000), message: /run faultline record with sudo/ },
    { name: 'a PATH without bpftrace', check: () => findBpftrace('/nonexistent'), message: /install it: apt-get install bpftrace/ },
    { name: 'a missing tracefs', check: () => requireTracefs('/nonexistent'), message: /mount -t tracefs nodev \/nonexistent/ },
  ])('says what to do for $name, on one line', ({ check, message }) => {
    expect(check).toThrow(EnvironmentError);
    expect(check).toThrow(message);
    try {
      check();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
