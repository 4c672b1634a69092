// A coherency hazard (docs/design.md §4, `mainline` policy): what a policy found, for the coherency
// detector to report.

/** Why a page-cache add or invalidation failure is a coherency hazard (mainline). */
export interface Hazard {
  readonly tid: number;
  /** The file whose page cache is populated during its own in-flight DIO write. */
  readonly dev: number;
  readonly ino: number;
  /** The task doing the DIO write. */
  readonly dioTid: number;
  /** Its dioBegin event: index in the input, ts (ns, trace clock), stack when the trace has one. */
  readonly dioEventIndex: number;
  readonly dioEventTs: number;
  readonly dioEventStack: readonly bigint[] | undefined;
  readonly reason: string;
}
