// Finds tracefs, mounting it when it is not mounted (as root).
import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { EnvironmentError } from '../../trace/errors.js';

export const TRACEFS_ROOT = '/sys/kernel/tracing';

/** Resolves to `root` once `root/instances` exists; throws EnvironmentError saying how to mount it. */
export async function ensureTracefs(root: string = TRACEFS_ROOT): Promise<string> {
  if (await exists(`${root}/instances`)) return root;
  const mount = await execa('mount', ['-t', 'tracefs', 'nodev', root], { reject: false });
  if (mount.exitCode === 0 && (await exists(`${root}/instances`))) return root;
  throw new EnvironmentError(
    `expected tracefs mounted at ${root}, got none and could not mount it ` +
      `(${mount.stderr || mount.message || `exit ${mount.exitCode}`}); run: mount -t tracefs nodev ${root}`,
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
