import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../runtime/index.js';
import { DESCRIPTOR_IMAGES } from './loader.js';

const root = repoRoot();
const buf = join(root, 'node_modules/.bin/buf');

function runBuf(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(buf, args, { cwd: root, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the API descriptors (buf)', { timeout: 120_000 }, () => {
  it('should serve descriptor images that match what buf builds from proto/ now', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'ordermesh-descriptors-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts/gen-descriptors.mjs'), fresh], { cwd: root, stdio: 'pipe' });
      for (const image of DESCRIPTOR_IMAGES) {
        assert.ok(readFileSync(join(fresh, image)).equals(readFileSync(join(root, 'lib/proto', image))), `lib/proto/${image} is stale: run \`npm run gen:proto\``);
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("should pass buf lint with buf's STANDARD rules", () => {
    const { status, output } = runBuf(['lint', 'proto']);
    assert.equal(status, 0, `buf lint proto:\n${output}`);
  });

  it('should stay wire- and JSON-compatible with the committed image (buf breaking)', () => {
    const { status, output } = runBuf(['breaking', 'proto', '--against', 'lib/proto/ordermesh.binpb']);
    assert.equal(status, 0, `buf breaking proto --against lib/proto/ordermesh.binpb:\n${output}`);
  });

  it('should catch a breaking change (a field renumbered) against the committed image', () => {
    // The check above must be able to fail: build a changed copy of proto/ and compare it.
    const changed = mkdtempSync(join(tmpdir(), 'ordermesh-breaking-'));
    try {
      cpSync(join(root, 'proto'), changed, { recursive: true });
      const file = join(changed, 'ordermesh/v1/order.proto');
      const text = readFileSync(file, 'utf8').replace('string customer_name = 2;', 'string customer_name = 22;');
      writeFileSync(file, text);
      const { status, output } = runBuf(['breaking', changed, '--against', 'lib/proto/ordermesh.binpb']);
      assert.notEqual(status, 0, 'buf breaking accepted a renumbered field');
      assert.match(output, /customer_name|field/i);
    } finally {
      rmSync(changed, { recursive: true, force: true });
    }
  });
});
