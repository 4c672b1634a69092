// The reasons a mainline coherency hazard gives (Hazard.reason, a finding's detail), one owner
// for the policy that finds them and the report that words them.
export const HAZARD_REASONS = {
  inRangeFault: 'file fault inside an in-flight DIO write range',
  inRangeAdd: 'page-cache add inside an in-flight DIO write range',
  ownFileFault: 'fault on the file its own DIO write is writing',
  ownFileBuffer: 'DIO write buffer is mapped from the file it writes',
  invalidateFail: 'page-cache invalidation failed under a DIO write',
} as const;
