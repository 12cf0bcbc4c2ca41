/**
 * Reads the bootstrap script a profile names, confined to the profile's folder: no `..` out of it, no absolute
 * path, no symbolic link that leads out, only a regular file (a FIFO or device would hang or never end), bounded in
 * size, UTF-8 text. The schema then scans the text for secrets and machine paths before it is embedded.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The largest bootstrap script accepted, in bytes. Azure custom data holds 65536 characters of base64 (49152
 * bytes of cloud-init) and the script is base64-encoded inside it again, next to the node checks: a script of at
 * most 32 KiB always fits.
 */
export const MAX_BOOTSTRAP_SCRIPT_BYTES = 32 * 1024;

/** A bootstrap script the rules refuse: `rule` completes "nodes.bootstrapScript …", `detail` follows the path. */
export class BootstrapScriptRefused extends Error {
  constructor(
    readonly rule: string,
    readonly detail = '',
  ) {
    super(`${rule}${detail}`);
    this.name = 'BootstrapScriptRefused';
  }
}

/**
 * Reads `relativePath` below `folder`.
 *
 * @throws BootstrapScriptRefused when a rule refuses the file; a Node.js error (with `code`) when it cannot be read.
 */
export function readBootstrapScript(folder: string, relativePath: string): string {
  const target = resolve(folder, relativePath);
  if (isAbsolute(relativePath) || !inside(folder, target)) {
    throw new BootstrapScriptRefused(
      'must be a file inside the profile\'s folder (no ".." out of it, no absolute path)',
    );
  }
  const real = realpathSync(target);
  if (!inside(realpathSync(folder), real)) {
    throw new BootstrapScriptRefused(
      "must be a file inside the profile's folder; it is a symbolic link that leads out of it",
    );
  }
  assertRegular(statSync(real));
  // O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it still returns at once.
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    assertRegular(st);
    if (st.size > MAX_BOOTSTRAP_SCRIPT_BYTES) tooLarge(st.size);
    const buffer = Buffer.alloc(MAX_BOOTSTRAP_SCRIPT_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_BOOTSTRAP_SCRIPT_BYTES) tooLarge(length);
    }
    return decodeText(buffer.subarray(0, length));
  } finally {
    closeSync(fd);
  }
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function assertRegular(st: Stats): void {
  if (st.isFile()) return;
  const kind = st.isFIFO()
    ? 'a FIFO'
    : st.isDirectory()
      ? 'a folder'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';
  throw new BootstrapScriptRefused('must be a regular file', ` (${kind})`);
}

function tooLarge(size: number): never {
  throw new BootstrapScriptRefused(
    `must be at most ${MAX_BOOTSTRAP_SCRIPT_BYTES} bytes (Azure custom data holds 64 KiB of base64 and the script is encoded twice)`,
    ` (${size} bytes): download large installers from the script instead`,
  );
}

function decodeText(bytes: Buffer): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (!text.includes('\0')) return text;
  } catch {
    // fall through: not UTF-8
  }
  throw new BootstrapScriptRefused('must be a UTF-8 text script', ' (binary content)');
}
