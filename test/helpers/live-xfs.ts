// A scratch XFS: a 300 MiB file, mkfs.xfs, loop-mounted in a temp dir. Root only.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

export interface ScratchFs {
  /** The mount point. */
  readonly dir: string;
  /** Unmounts and deletes the image. */
  dispose(): Promise<void>;
}

/** Makes and mounts a scratch XFS under /var/tmp. */
export async function mountScratchXfs(): Promise<ScratchFs> {
  const base = await mkdtemp('/var/tmp/faultline-xfs-');
  const image = join(base, 'xfs.img');
  const dir = join(base, 'mnt');
  await writeFile(image, '');
  await truncate(image, 300 * 1024 * 1024);
  await execa('mkfs.xfs', ['-q', image]);
  await execa('mkdir', [dir]);
  await execa('mount', ['-o', 'loop', image, dir]);
  return {
    dir,
    async dispose() {
      await execa('umount', [dir], { reject: false });
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** A scratch directory on the root filesystem (ext4 here) under /var/tmp. */
export async function scratchDir(): Promise<ScratchFs> {
  const dir = await mkdtemp('/var/tmp/faultline-ext4-');
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
