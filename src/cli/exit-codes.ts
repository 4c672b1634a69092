// Exit codes of every faultline command (docs/design.md §5).
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;
/** Only coherency hazards found, no deadlock (check and watch without --fail-on). */
export const EXIT_HAZARDS = 4;
