import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTracefsTaskNames } from '../../../src/collect/ftrace/task-names.js';

// A tracefs root with saved_cmdlines and saved_tgids, and a /proc with the given live tasks.
let dir: string;
let root: string;
let proc: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-names-'));
  root = join(dir, 'tracing');
  proc = join(dir, 'proc');
  mkdirSync(root);
  mkdirSync(proc);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (cmdlines: string, tgids: string): void => {
  writeFileSync(join(root, 'saved_cmdlines'), cmdlines);
  writeFileSync(join(root, 'saved_tgids'), tgids);
};
const live = (tid: number, comm: string, tgid: number): void => {
  mkdirSync(join(proc, String(tid)));
  writeFileSync(join(proc, String(tid), 'comm'), `${comm}\n`);
  writeFileSync(join(proc, String(tid), 'status'), `Name:\t${comm}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t${tgid}\nNgid:\t0\nPid:\t${tid}\n`);
};

describe('createTracefsTaskNames', () => {
  it('names a live task from /proc, a gone one from the tracefs tables, and tid 0 <idle>', () => {
    live(20, 'worker', 19);
    tables('7 gone one\n', '7 5\n');
    const names = createTracefsTaskNames(root, proc);
    expect([names.comm(20), names.tgid(20)]).toEqual(['worker', 19]);
    expect([names.comm(7), names.tgid(7)]).toEqual(['gone one', 5]);
    expect([names.comm(0), names.comm(8), names.tgid(8)]).toEqual(['<idle>', undefined, undefined]);
  });

  it('keeps a comm until the task is forgotten (exec), and one learned from a fork', () => {
    live(20, 'sh', 20);
    const names = createTracefsTaskNames(root, proc);
    expect(names.comm(20)).toBe('sh');
    writeFileSync(join(proc, '20', 'comm'), 'dio-loop\n');
    expect(names.comm(20)).toBe('sh');
    names.forget(20);
    expect(names.comm(20)).toBe('dio-loop');
    names.learn(21, 'child');
    expect(names.comm(21)).toBe('child');
  });

  it('reads the tables again for a tid they lacked only after a refresh', () => {
    tables('', '');
    const names = createTracefsTaskNames(root, proc);
    expect([names.comm(30), names.tgid(30)]).toEqual([undefined, undefined]);
    tables('30 late\n', '30 29\n');
    expect([names.comm(30), names.tgid(30)]).toEqual([undefined, undefined]);
    names.refresh();
    expect([names.comm(30), names.tgid(30)]).toEqual(['late', 29]);
  });

  it('keeps a TGID once known, even when the task and the table entry are gone', () => {
    live(40, 'app', 39);
    tables('', '');
    const names = createTracefsTaskNames(root, proc);
    expect(names.tgid(40)).toBe(39);
    rmSync(join(proc, '40'), { recursive: true });
    names.refresh();
    expect(names.tgid(40)).toBe(39);
  });
});
