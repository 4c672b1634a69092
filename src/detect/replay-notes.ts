// What a replay could not decide or did not report, so a report can say so (never silently).
export interface ReplayNotes {
  /** Cycle searches cut at their bound (predictive: locks or variants; instance: the qualifying search). */
  readonly searchStops: number;
  /** Releases of locks the task was not known to hold, after a loss: not reported as bad-unlock. */
  readonly releasesAfterLoss: number;
  /**
   * Requests made holding more than MAX_ORDER_DEPTH locks (order-graph.ts): each recorded the
   * edge from the last lock taken only, without gates.
   */
  readonly deepRequests: number;
}
