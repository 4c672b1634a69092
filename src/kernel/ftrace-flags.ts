// The symbolic flag sets ftrace prints with __print_flags, back to their bits. A part that is
// not a known name is __print_flags' hex remainder ("0x…").

/** IOCB_* and RWF_* bits of iomap's ki_flags (include/linux/fs.h, TRACE_IOCB_STRINGS). */
export const KIOCB_FLAGS: Readonly<Record<string, number>> = {
  HIPRI: 0x1, DSYNC: 0x2, SYNC: 0x4, NOWAIT: 0x8, APPEND: 0x10, ATOMIC: 0x40, DONTCACHE: 0x80,
  EVENTFD: 1 << 16, DIRECT: 1 << 17, WRITE: 1 << 18, WAITQ: 1 << 19, NOIO: 1 << 20,
  ALLOC_CACHE: 1 << 21, CALLER_COMP: 1 << 22, AIO_RW: 1 << 23, AIO_HAS_METADATA: 1 << 24,
};

/** LCB_F_* bits of lock:contention_begin (include/trace/events/lock.h). */
export const CONTENTION_FLAGS: Readonly<Record<string, number>> = {
  SPIN: 1, READ: 2, WRITE: 4, RT: 8, PERCPU: 16, MUTEX: 32,
};

/** "A|B|0x40" -> bits; undefined when a part is neither a known name nor hex. */
export function parseFlags(text: string, names: Readonly<Record<string, number>>): number | undefined {
  let bits = 0;
  for (const part of text.split('|')) {
    if (part === '') continue;
    const bit = Object.hasOwn(names, part) ? names[part] : /^0x[0-9a-f]+$/i.test(part) ? Number(part) : undefined;
    if (bit === undefined) return undefined;
    bits |= bit;
  }
  return bits;
}
