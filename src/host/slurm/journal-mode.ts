/**
 * The journal mode a task's database gets: `wal` or `delete` as the user said, or for `auto` what the file
 * system of the task's folder allows. SQLite's WAL needs shared memory between every process using the file,
 * so it breaks when they are on different hosts (sqlite.org/wal.html); on a network file system the task
 * uses the rollback journal. statfs(2) names the file system by its magic number (linux/magic.h and the
 * vendors' headers for Lustre, GPFS, BeeGFS, Panasas); a platform without statfs types gets `delete`, the
 * mode that is safe everywhere.
 */
import { statfsSync } from 'node:fs';
import type { SlurmJournal } from '../../shared/slurm';

const NETWORK_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x0bd00bd0, 'lustre'],
  [0x47504653, 'gpfs'],
  [0x00c36400, 'ceph'],
  [0x19830326, 'beegfs'],
  [0x5346414f, 'afs'],
  [0x01021997, '9p'],
  [0xaad7aaea, 'panfs'],
  [0x65735546, 'fuse (sshfs, glusterfs, …)'],
]);

/** The network file system `dir` is on, or null for a local one. */
export function networkFileSystemAt(dir: string): string | null {
  // statfs reports the type as a signed or unsigned number depending on the platform's word size.
  const type = statfsSync(dir).type >>> 0;
  return NETWORK_FILE_SYSTEMS.get(type) ?? null;
}

export function resolveJournal(asked: SlurmJournal, dir: string): { journal: 'wal' | 'delete'; why: string } {
  if (asked !== 'auto') return { journal: asked, why: `--journal ${asked}` };
  let fs: string | null;
  try {
    fs = networkFileSystemAt(dir);
  } catch (err) {
    return { journal: 'delete', why: `cannot tell the file system of ${dir} (${err instanceof Error ? err.message : String(err)})` };
  }
  return fs === null ? { journal: 'wal', why: `${dir} is on a local file system` } : { journal: 'delete', why: `${dir} is on ${fs}` };
}
