// One event as one readable line for `show --events`:
// "#12 1234.567890123 ab/17242 cpu1 dioBegin dev 254:0 ino 12 pos 0 len 4096 write".
import { assertUnreachable } from '../assert.js';
import { formatDev } from '../trace/dev.js';
import type { TraceEvent } from '../trace/event.js';
import { printableText } from '../trace/printable-text.js';
import { formatAddress, formatId } from './format-id.js';
import { formatTs } from './format-ts.js';
import { taskLabel } from './labels.js';

/** `index` is the 0-based position of the event in the input; the stack is not printed. */
export function formatEvent(event: TraceEvent, index: number): string {
  return `#${index} ${formatTs(event.ts)} ${taskLabel(event.tid, event.comm)} cpu${event.cpu} ${event.kind} ${printableText(payload(event))}`.trimEnd();
}

function payload(event: TraceEvent): string {
  switch (event.kind) {
    case 'task': return `parent ${event.task.parentTid} comm ${event.task.comm}`;
    case 'exit': return '';
    case 'join': return `joined ${event.join.joinedTid}`;
    case 'lock': {
      const l = event.lock;
      return [
        l.op.toLowerCase(), formatId(l.lock),
        l.cls !== '' && l.cls !== l.lock.toString() ? `cls ${l.cls}` : '',
        l.name !== undefined && l.name !== '' ? `name ${l.name}` : '',
        l.mode.toLowerCase(), l.try ? 'try' : '', l.subclass !== 0 ? `subclass ${l.subclass}` : '',
        l.type !== undefined && l.type !== 'UNKNOWN_TYPE' ? `type ${l.type.toLowerCase()}` : '',
        l.robust === true ? 'robust' : '',
      ].filter((s) => s !== '').join(' ');
    }
    case 'contention': {
      const c = event.contention;
      const ret = c.phase === 'END' ? ` ret ${c.ret}` : '';
      return `${c.phase.toLowerCase()} addr ${formatAddress(c.lockAddr)} flags 0x${c.flags.toString(16)}${ret}`;
    }
    case 'mmapLock': {
      const m = event.mmapLock;
      const result = m.phase === 'ACQUIRED' && !m.success ? ' failed' : '';
      return `${m.phase.toLowerCase()} mm ${formatAddress(m.mm)} ${m.write ? 'write' : 'read'}${result}`;
    }
    case 'dioBegin': {
      const d = event.dioBegin;
      return `${file(d.dev, d.ino)} pos ${d.pos} len ${d.len} ${d.write ? 'write' : 'read'}`
        + `${d.aio ? ' aio' : ''}${d.flags !== 0 ? ` flags 0x${d.flags.toString(16)}` : ''}`
        + `${d.buf !== 0n ? ` buf ${formatAddress(d.buf)}` : ''}`;
    }
    case 'dioEnd': {
      const d = event.dioEnd;
      return `${file(d.dev, d.ino)} pos ${d.pos} ret ${d.ret}${d.error !== 0 ? ` error ${d.error}` : ''}`;
    }
    case 'dioInvalidateFail': {
      const d = event.dioInvalidateFail;
      return `${file(d.dev, d.ino)} pos ${d.pos} len ${d.len}`;
    }
    case 'fault': {
      const f = event.fault;
      const where = f.source === 'FILE'
        ? `${file(f.dev, f.ino)} index ${f.index}`
        : `addr ${formatAddress(f.address)} ip ${formatAddress(f.ip)} error 0x${f.errorCode.toString(16)}`;
      return `${f.source.toLowerCase()} ${where}${f.write ? ' write' : ''}`;
    }
    case 'pagecache': {
      const p = event.pagecache;
      return `${p.op.toLowerCase()} ${file(p.dev, p.ino)} index ${p.index}${p.order !== 0 ? ` order ${p.order}` : ''}`;
    }
    case 'fileOp': {
      const o = event.fileOp;
      const second = o.ino2 !== 0 ? ` ${file(o.dev2, o.ino2)}` : '';
      return `${o.op.toLowerCase()} ${o.phase.toLowerCase()} ${file(o.dev, o.ino)}${second} pos ${o.pos} len ${o.len}`
        + `${o.buf !== 0n ? ` buf ${formatAddress(o.buf)}` : ''}`;
    }
    case 'lost': return `${event.lost.count} source ${event.lost.source}`;
    case 'mapping': {
      const m = event.mapping;
      return `${formatAddress(m.start)} len ${m.len} ${file(m.dev, m.ino)} offset ${m.offset}`;
    }
    default: return assertUnreachable(event);
  }
}

function file(dev: number, ino: number): string {
  return `dev ${formatDev(dev)} ino ${ino}`;
}
