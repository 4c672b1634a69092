// Trims a live capture to a small fixture: the reproducer's own lines (the shell that waited
// for the go line is dropped), without the mmap_lock and user/kernel page-fault lines of
// program start-up, which the hand-written parser tests cover.
const NOISE = /: (?:mmap_lock_\w+|page_fault_(?:user|kernel)): /;

/** The lines of `text` written by tasks named `comm`, minus start-up noise. */
export function fixtureLines(text: string, comm: string): string {
  const own = new RegExp(`^\\s*${comm.replace(/[-]/g, '\\-')}-\\d+\\s`);
  return text.split('\n').filter((line) => own.test(line) && !NOISE.test(line)).join('\n') + '\n';
}
