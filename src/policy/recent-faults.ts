// The last file fault of each task, so the page-cache add that completes it (filemap_fault reads
// the page in: mm_filemap_fault, then mm_filemap_add_to_page_cache) counts as one fault, not two.

export interface RecentFaults {
  /** Remembers a file fault of `tid` on page `index` of (dev, ino). */
  note(tid: number, dev: number, ino: number, index: number): void;
  /**
   * True, once, when a page-cache add of pages [index, index + 2^order) of (dev, ino) by `tid`
   * contains the page of its last fault: that add is part of the fault.
   */
  absorbs(tid: number, dev: number, ino: number, index: number, order: number): boolean;
  /** Forgets the task's last fault (at the boundaries of its operations). */
  forget(tid: number): void;
}

interface FaultSlot { valid: boolean; dev: number; ino: number; index: number }

export function createRecentFaults(): RecentFaults {
  // One reused slot per task: noting a fault allocates nothing.
  const byTid = new Map<number, FaultSlot>();
  return {
    note(tid, dev, ino, index) {
      let slot = byTid.get(tid);
      if (slot === undefined) {
        slot = { valid: false, dev: 0, ino: 0, index: 0 };
        byTid.set(tid, slot);
      }
      slot.valid = true;
      slot.dev = dev;
      slot.ino = ino;
      slot.index = index;
    },
    absorbs(tid, dev, ino, index, order) {
      const slot = byTid.get(tid);
      if (slot === undefined || !slot.valid || slot.dev !== dev || slot.ino !== ino) return false;
      if (slot.index < index || slot.index >= index + 2 ** order) return false;
      slot.valid = false;
      return true;
    },
    forget(tid) {
      const slot = byTid.get(tid);
      if (slot !== undefined) slot.valid = false;
    },
  };
}
