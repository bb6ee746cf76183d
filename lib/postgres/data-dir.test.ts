import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { silentLogger } from '../logging/index.js';
import { placeDataDir } from './data-dir.js';

describe('placeDataDir', () => {
  it('should never change the mode of a folder that already exists above the data dir (it may be /tmp)', () => {
    const parent = mkdtempSync(join(tmpdir(), 'ordermesh-place-'));
    try {
      chmodSync(parent, 0o1777);
      assert.equal(placeDataDir(join(parent, 'pgdata'), undefined, silentLogger()), join(parent, 'pgdata'));
      assert.equal(statSync(parent).mode & 0o7777, 0o1777, 'the existing folder kept its mode');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('should make a missing folder above the data dir enterable by every user', () => {
    const root = mkdtempSync(join(tmpdir(), 'ordermesh-place-'));
    try {
      const dataDir = join(root, 'made', 'pgdata');
      placeDataDir(dataDir, undefined, silentLogger());
      assert.ok(existsSync(join(root, 'made')));
      assert.equal(statSync(join(root, 'made')).mode & 0o777, 0o755);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
