import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/support/temp-dir.ts';
import { SECRET_FILE, SecretFileError, loadOrCreateSecret } from './load-or-create-secret.ts';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir('branchcast-secret-');
});
afterEach(async () => {
  await dir.remove();
});

describe('loadOrCreateSecret', () => {
  it('creates a private key file once, then loads the same key', async () => {
    const dataDir = join(dir.path, 'data', 'nested');
    const first = await loadOrCreateSecret(dataDir);
    expect(first.created).toBe(true);
    expect(first.secrets).toHaveLength(1);
    expect(first.secrets[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(dataDir, SECRET_FILE))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecret(dataDir)).toEqual({ secrets: first.secrets, created: false });
    expect(await readdir(dataDir)).toEqual([SECRET_FILE]); // no temp files left behind
  });

  it('agrees on one key when many callers race to create it', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSecret(dir.path)));
    expect(new Set(results.map((r) => r.secrets[0])).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('reads a rotation keyring, first line first, skipping comments and blanks', async () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    await writeFile(join(dir.path, SECRET_FILE), `# new key first\n${a}\n\n  ${b}  \n`);
    expect(await loadOrCreateSecret(dir.path)).toEqual({ secrets: [a, b], created: false });
  });

  it('refuses an unusable file instead of silently replacing it', async () => {
    for (const content of ['', '# only a comment\n', 'short\n', `${'a'.repeat(40)} ${'b'.repeat(40)}\n`]) {
      await writeFile(join(dir.path, SECRET_FILE), content);
      await expect(loadOrCreateSecret(dir.path)).rejects.toBeInstanceOf(SecretFileError);
    }
  });
});
