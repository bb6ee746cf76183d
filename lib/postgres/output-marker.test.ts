import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputMarker } from './output-marker.js';

const READY = 'database system is ready to accept connections';

describe('outputMarker', () => {
  it('should see the marker when more output follows it in the same chunk', () => {
    // What a restarted Postgres prints while clients already knock during recovery: the ready
    // line, then more lines, all in one read. Keeping only a tail before looking lost it.
    const chunk = `LOG:  ${READY}\n${'FATAL:  the database system is not yet accepting connections\nDETAIL:  Consistent recovery state has not been yet reached.\n'.repeat(3)}`;
    assert.equal(outputMarker(READY)(chunk), true);
  });

  it('should see the marker split across two chunks', () => {
    const seen = outputMarker(READY);
    assert.equal(seen(`LOG:  ${READY.slice(0, 20)}`), false);
    assert.equal(seen(`${READY.slice(20)}\n`), true);
  });

  it('should stay true once seen, and be false while it has not been', () => {
    const seen = outputMarker(READY);
    assert.equal(seen('LOG:  starting PostgreSQL 18.4\n'), false);
    assert.equal(seen('LOG:  database system is ready to accept\n'), false);
    assert.equal(seen(`${READY}\n`), true);
    assert.equal(seen('LOG:  anything\n'), true);
  });
});
