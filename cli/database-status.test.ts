import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatBytes, formatDatabaseStatus } from './database-status.js';

test('the database servers should print with their role in words and their lag', () => {
  const text = formatDatabaseStatus({
    servers: [
      { name: 'pg-1', role: 'leader', state: 'running', address: '127.0.0.1:54331', apiUrl: 'http://127.0.0.1:8008/patroni', timeline: 2, lagBytes: 0 },
      { name: 'pg-2', role: 'sync_standby', state: 'streaming', address: '127.0.0.1:54332', apiUrl: 'http://127.0.0.1:8009/patroni', timeline: 2, lagBytes: 2048 },
    ],
  });
  const lines = text.trim().split('\n');
  assert.match(lines[0] ?? '', /^DATABASE SERVER\s+ROLE\s+STATE\s+ADDRESS\s+LAG\s+TIMELINE\s+PATRONI API$/);
  assert.match(lines[2] ?? '', /^pg-1\s+primary\s+running\s+127\.0\.0\.1:54331\s+0 B\s+2\s+http:\/\/127\.0\.0\.1:8008$/);
  assert.match(lines[3] ?? '', /^pg-2\s+sync replica\s+streaming\s+127\.0\.0\.1:54332\s+2\.0 kB\s+2/);
});

test('no Patroni and an unreadable etcd should each be one line saying so', () => {
  assert.match(formatDatabaseStatus({ servers: [] }), /^database servers: not under Patroni/);
  assert.match(formatDatabaseStatus({ servers: [], error: 'cannot read etcd at http://127.0.0.1:1: timeout' }), /^database servers: unknown \(cannot read etcd/);
  assert.equal(formatBytes(3 * 1024 * 1024 + 400_000), '3.4 MB');
});
