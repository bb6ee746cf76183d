import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../runtime/index.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

it('should have generated TypeScript types that match the .proto files', { timeout: 60_000 }, () => {
  const root = repoRoot();
  const fresh = mkdtempSync(join(tmpdir(), 'ordermesh-gen-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts/gen-proto.mjs'), fresh], { cwd: root, stdio: 'pipe' });
    const committed = join(root, 'lib/proto/generated');
    const files = listFiles(fresh);
    assert.deepEqual(listFiles(committed), files, 'run `npm run gen:proto`: the set of generated files differs');
    for (const file of files) {
      assert.equal(readFileSync(join(committed, file), 'utf8'), readFileSync(join(fresh, file), 'utf8'), `run \`npm run gen:proto\`: ${file} is stale`);
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
