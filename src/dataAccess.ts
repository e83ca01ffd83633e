import * as fs from 'node:fs';
import { formatCount } from './shared/format';
import * as path from 'node:path';
import { DataAccessError, type DataReader } from './core/run';
import { ProblemCode } from './shared/problems';
import { assertNever } from './shared/assertNever';
import { t } from './shared/l10n';

/** CSVs above this are refused: read whole, they would not fit a JavaScript string or the host's heap. */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

/** Why a file was not read: it is absent, not a regular file, too large, or the read failed. */
export type ReadFailure =
  | { kind: 'missing' }
  | { kind: 'folder' }
  | { kind: 'not-regular' }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'changed' }
  | { kind: 'unreadable'; message: string };

/** Sizes in messages: "16,800 MB", "1.3 MB". */
export function formatBytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 100 ? formatCount(mb) : mb.toFixed(1)} MB`;
}

/**
 * Opens `file` for reading without ever blocking: O_NONBLOCK makes opening a named pipe return at
 * once (a plain open waits for a writer, forever), and on a regular file it changes nothing.
 */
function openNonBlocking(file: string): number {
  return fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
}

/**
 * The text of an open descriptor that must be a regular file of at most `maxBytes`: the size is
 * checked before reading, and the read stops past `maxBytes` even if the file grows meanwhile. A
 * pipe, a device (/dev/zero) or a socket is refused from its descriptor's stat, so nothing here
 * can wait forever or read without end.
 */
function readOpened(fd: number, maxBytes: number): { text: string } | ReadFailure {
  const stat = fs.fstatSync(fd);
  if (stat.isDirectory()) return { kind: 'folder' };
  if (!stat.isFile()) return { kind: 'not-regular' };
  if (stat.size > maxBytes) return { kind: 'too-large', bytes: stat.size };
  // One byte more than the size, to see a file that grew since the stat.
  let buffer = Buffer.allocUnsafe(stat.size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) return { kind: 'too-large', bytes: length };
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  if (length > maxBytes) return { kind: 'too-large', bytes: length };
  return { text: buffer.toString('utf8', 0, length) };
}

function failureOf(e: unknown): ReadFailure {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EISDIR') return { kind: 'folder' };
  return { kind: 'unreadable', message: (e as Error).message };
}

/**
 * Reads a regular file of at most `maxBytes` (see readOpened): never blocks on a pipe, never reads
 * a device, never reads a large file whole before refusing it.
 */
export function readRegularFile(file: string, maxBytes: number): { text: string } | ReadFailure {
  let fd: number;
  try {
    fd = openNonBlocking(file);
  } catch (e) {
    return failureOf(e);
  }
  try {
    return readOpened(fd, maxBytes);
  } catch (e) {
    return failureOf(e);
  } finally {
    fs.closeSync(fd);
  }
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * How messages name the folders data may come from, and how to allow more: the editor and the CLI
 * differ. Phrases in the display language, put into the messages' sentences.
 */
export interface ReaderWording {
  /** The one folder: "the workspace folder". */
  root: string;
  /** It and the extra ones: "the workspace folder or the allowed folders". */
  roots: string;
  /** How to allow another folder: "setting descent.allowedDataFolders". */
  widen: string;
}

/** The editor's wording, in the display language (built when asked: the language is set after import). */
export function editorWording(): ReaderWording {
  return {
    root: t('the workspace folder'),
    roots: t('the workspace folder or the allowed folders'),
    widen: t('setting descent.allowedDataFolders'),
  };
}

/**
 * Reads data files for a training.json in `baseDir`, only inside `allowedRoots` (the workspace
 * folder, plus any folders the user allowed). Paths are resolved relative to `baseDir`; `..`
 * escapes, absolute paths and symlinks that lead outside are refused. The file is opened first and
 * then checked: the opened file must be the one its real path (inside a root) names, so a link
 * swapped between the check and the read cannot smuggle a read out. Only regular files are read
 * (see readOpened).
 */
export function createFileReader(baseDir: string, allowedRoots: readonly string[], wording?: ReaderWording, onRead?: (stamp: string) => void): DataReader {
  return {
    readText(relative: string): string {
      const target = path.resolve(baseDir, relative);
      // Only absolute folders count: a relative one would resolve against whatever the process's
      // working directory happens to be.
      const roots = allowedRoots.filter((r) => path.isAbsolute(r)).map((r) => path.resolve(r));
      // The editor's wording is built per read, in the language of the moment.
      const words = wording ?? editorWording();
      const rootsText = roots.length === 1 ? words.root : words.roots;
      if (!roots.some((r) => inside(r, target))) {
        throw new DataAccessError(ProblemCode.DataOutsideWorkspace, t('"{0}" is outside {1}; Descent only reads data inside it ({2}).', relative, rootsText, words.widen));
      }
      let fd: number;
      try {
        fd = openNonBlocking(target);
      } catch (e) {
        throw accessError(relative, target, failureOf(e));
      }
      try {
        let real: string;
        let named: fs.Stats;
        try {
          real = fs.realpathSync(target);
          named = fs.statSync(real);
        } catch {
          throw accessError(relative, target, { kind: 'changed' });
        }
        const realRoots = roots.map((r) => {
          try {
            return fs.realpathSync(r);
          } catch {
            return r;
          }
        });
        if (!realRoots.some((r) => inside(r, real))) {
          throw new DataAccessError(ProblemCode.DataOutsideWorkspace, t('"{0}" is a link to {1}, outside {2}; Descent only reads data inside it.', relative, real, rootsText));
        }
        const opened = fs.fstatSync(fd);
        if (opened.dev !== named.dev || opened.ino !== named.ino) throw accessError(relative, target, { kind: 'changed' });
        const result = readOpened(fd, MAX_CSV_BYTES);
        if ('text' in result) {
          onRead?.(stampOf(fd));
          return result.text;
        }
        throw accessError(relative, target, result);
      } catch (e) {
        if (e instanceof DataAccessError) throw e;
        throw accessError(relative, target, failureOf(e));
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/**
 * The identity of the version of a file an open descriptor reads: its inode, size and change time
 * in nanoseconds. A watcher's event for a file whose stamp is still this one names content that
 * was already read (an event can arrive after the read it caused).
 */
function stampOf(fd: number): string {
  const s = fs.fstatSync(fd, { bigint: true });
  return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** The stamp of `file` now (as `stampOf` gives it for an open descriptor), or null when it cannot be read. */
export function dataStamp(file: string): string | null {
  let fd: number;
  try {
    fd = openNonBlocking(file);
  } catch {
    return null;
  }
  try {
    return fs.fstatSync(fd).isFile() ? stampOf(fd) : null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function accessError(relative: string, target: string, failure: ReadFailure): DataAccessError {
  switch (failure.kind) {
    case 'missing':
      return new DataAccessError(ProblemCode.DataMissing, t('CSV file "{0}" does not exist (looked for {1}).', relative, target));
    case 'folder':
      return new DataAccessError(ProblemCode.DataUnreadable, t('"{0}" is a folder, not a CSV file.', relative));
    case 'not-regular':
      return new DataAccessError(ProblemCode.DataUnreadable, t('"{0}" is not a regular file (a named pipe, a device or a socket); Descent reads data only from regular files.', relative));
    case 'too-large':
      return new DataAccessError(ProblemCode.DataUnreadable, t('"{0}" is {1} MB; Descent reads CSV files up to {2} MiB.', relative, (failure.bytes / 1e6).toFixed(0), MAX_CSV_BYTES / 1024 / 1024));
    case 'changed':
      return new DataAccessError(ProblemCode.DataUnreadable, t('"{0}" changed while it was being opened (a link replaced?); it was not read.', relative));
    case 'unreadable':
      return new DataAccessError(ProblemCode.DataUnreadable, t('Cannot read "{0}": {1}.', relative, failure.message));
    default:
      return assertNever(failure);
  }
}
