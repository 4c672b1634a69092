// comm and TGID of a tid for records read from trace_pipe_raw, which carry neither.
//
// comm: the one a fork event gave the child, else /proc/<tid>/comm while the task lives,
// else the saved_cmdlines table ftrace's text output prints from (read again at most once
// per `refresh()`, when a tid is not in it). A comm is kept until the task execs (`forget`),
// so events before an exec keep the old comm, and a task's last events, after it left /proc,
// still have one. TGID: /proc/<tid>/status while the task lives, else the saved_tgids table
// (options/record-tgid), read again on a miss at most once per refresh; a TGID found is kept
// (TGIDs do not change). A tid found nowhere has no comm (the text prints `<...>`) and no
// TGID until a later refresh; tid 0 is `<idle>`.
import { readFileSync } from 'node:fs';
import type { TaskNames } from './raw-decoder.js';

export interface TracefsTaskNames extends TaskNames {
  /** The tables may have changed (call it once per read of the ring buffers). */
  refresh(): void;
}

// A tid looked up and found nowhere, until the next refresh.
const NOT_FOUND = '';
const NO_TGID = -1;

/** Task names from /proc and the tables of the tracefs mounted at `root`. */
export function createTracefsTaskNames(root: string, proc = '/proc'): TracefsTaskNames {
  const comms = new Map<number, string>();
  const tgids = new Map<number, number>();
  let commsMayReread = true;
  let tgidsMayReread = true;
  let savedComms = new Map<number, string>();
  // The tids cached as found nowhere, asked again after the next refresh.
  const commMisses: number[] = [];
  const tgidMisses: number[] = [];

  const readTable = (file: string, onRow: (pid: number, value: string) => void): void => {
    let text: string;
    try {
      text = readFileSync(`${root}/${file}`, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) onRow(Number(line.slice(0, space)), line.slice(space + 1));
    }
  };

  const lookUp = (tid: number): string => {
    try {
      return readFileSync(`${proc}/${tid}/comm`, 'utf8').replace(/\n$/, '');
    } catch {
      // The task is gone: the table may have it.
    }
    if (!savedComms.has(tid) && commsMayReread) {
      commsMayReread = false;
      savedComms = new Map();
      readTable('saved_cmdlines', (pid, comm) => savedComms.set(pid, comm));
    }
    return savedComms.get(tid) ?? NOT_FOUND;
  };

  const procTgid = (tid: number): number | undefined => {
    let status: string;
    try {
      status = readFileSync(`${proc}/${tid}/status`, 'utf8');
    } catch {
      return undefined;
    }
    const tgid = /^Tgid:\s*(\d+)$/m.exec(status);
    return tgid === null ? undefined : Number(tgid[1]);
  };

  return {
    comm(tid) {
      if (tid === 0) return '<idle>';
      let comm = comms.get(tid);
      if (comm === undefined) {
        comm = lookUp(tid);
        if (comm === NOT_FOUND) commMisses.push(tid);
        comms.set(tid, comm);
      }
      return comm === NOT_FOUND ? undefined : comm;
    },
    tgid(tid) {
      let tgid = tgids.get(tid);
      if (tgid !== undefined) return tgid === NO_TGID ? undefined : tgid;
      tgid = procTgid(tid);
      if (tgid === undefined && tgidsMayReread) {
        tgidsMayReread = false;
        readTable('saved_tgids', (pid, value) => {
          const n = Number(value);
          if (n > 0 && !tgids.has(pid)) tgids.set(pid, n);
        });
        tgid = tgids.get(tid);
      }
      if (tgid === undefined) tgidMisses.push(tid);
      tgids.set(tid, tgid ?? NO_TGID);
      return tgid;
    },
    learn(tid, comm) {
      comms.set(tid, comm);
    },
    forget(tid) {
      comms.delete(tid);
    },
    refresh() {
      commsMayReread = true;
      tgidsMayReread = true;
      for (const tid of commMisses.splice(0)) comms.delete(tid);
      for (const tid of tgidMisses.splice(0)) tgids.delete(tid);
    },
  };
}
