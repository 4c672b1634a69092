// A task as lockdep names it: "comm/tid"; "?/tid" when the trace never gave its comm.

// "comm/tid", or "?/tid" without a comm.
export function taskLabel(tid: number, comm: string | undefined): string {
  return `${comm === undefined || comm === '' ? '?' : comm}/${tid}`;
}
