/**
 * The file system under the Node entry: atomic writes, and the checks and error messages every
 * function that takes a path shares.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ArgumentError, TapegradError, describeValue } from '@tapegrad/core';

/**
 * Writes `bytes` to `path` atomically: the bytes go to a temporary file in the same directory,
 * are flushed to disk, and the temporary file is renamed over the target. A reader sees the old
 * file or the new one, never half of one, even if the process dies mid-write.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed or never created: nothing to clean up
    }
    throw e;
  }
}

/** Checks that `path` is a non-empty string (a file path). */
export function checkPath(who: string, path: unknown): string {
  if (typeof path !== 'string' || path === '')
    throw new ArgumentError(`${who}: path must be a non-empty string, got ${describeValue(path)}`);
  return path;
}

/**
 * Runs a file-system call, turning its error (no such file, a directory, no permission) into an
 * `ArgumentError` that names the function and the path; the original error is its `cause`.
 */
export function withFile<T>(who: string, path: string, what: 'read' | 'write', fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TapegradError || !(e instanceof Error) || typeof (e as { code?: unknown }).code !== 'string') throw e;
    const err = new ArgumentError(`${who}(${JSON.stringify(path)}): cannot ${what} the file: ${e.message}`);
    err.cause = e;
    throw err;
  }
}
