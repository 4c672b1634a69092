// Frame helpers for ink-testing-library: the last frame as lines, and waiting for Ink to settle.

export function frameLines(frame: string | undefined): readonly string[] {
  return (frame ?? '').split('\n');
}

/** Lets React effects and Ink's input handling run (they are scheduled, not synchronous). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
