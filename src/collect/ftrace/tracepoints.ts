// The tracepoints faultline reads through a tracefs instance ("system/event"), docs/design.md §7:
// DIO begin/end, file faults, page-cache adds, user/kernel faults, lock contention, mmap_lock,
// task fork/exit/exec (exec: a comm changes), the syscalls that give a DIO its direction and
// user buffer, those that are file operations (kernel/file-syscalls.ts), and the entries of
// those after which an fd may name another file.
import { FD_CLOSING_SYSCALLS, FILE_SYSCALLS } from '../../kernel/file-syscalls.js';

export const FAULTLINE_TRACEFS_EVENTS: readonly string[] = [
  'iomap/iomap_dio_rw_begin',
  'iomap/iomap_dio_complete',
  'iomap/iomap_dio_invalidate_fail',
  'filemap/mm_filemap_fault',
  'filemap/mm_filemap_map_pages',
  'filemap/mm_filemap_add_to_page_cache',
  'filemap/mm_filemap_delete_from_page_cache',
  'exceptions/page_fault_user',
  'exceptions/page_fault_kernel',
  'lock/contention_begin',
  'lock/contention_end',
  'mmap_lock/mmap_lock_start_locking',
  'mmap_lock/mmap_lock_acquire_returned',
  'mmap_lock/mmap_lock_released',
  'sched/sched_process_fork',
  'sched/sched_process_exit',
  'sched/sched_process_exec',
  ...[...Object.keys(FILE_SYSCALLS), 'mmap', 'openat']
    .flatMap((name) => [`syscalls/sys_enter_${name}`, `syscalls/sys_exit_${name}`]),
  ...FD_CLOSING_SYSCALLS.map((name) => `syscalls/sys_enter_${name}`),
];
