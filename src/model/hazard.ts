// A coherency hazard (docs/design.md §4, `mainline` policy): what a policy found, for the coherency
// detector to report.

/** Why a page-cache add or invalidation failure is a coherency hazard (mainline). */
export interface Hazard {
  readonly tid: number;
  /** The file whose page cache is populated during its own in-flight DIO write. */
  readonly dev: number;
  readonly ino: number;
  /** The task doing the DIO write and the event index of its dioBegin. */
  readonly dioTid: number;
  readonly dioEventIndex: number;
  readonly reason: string;
}
