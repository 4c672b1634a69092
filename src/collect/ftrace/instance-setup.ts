// Configuring a tracefs instance: per-event filters.
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../trace/errors.js';

export async function writeFilter(dir: string, event: string, filter: string): Promise<void> {
  try {
    await writeFile(`${dir}/filter`, filter);
  } catch (cause) {
    throw new UsageError(`expected an ftrace filter for ${event}, got "${filter}" (${String(cause)})`, { cause });
  }
}
