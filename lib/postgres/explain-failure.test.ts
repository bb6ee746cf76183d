import assert from 'node:assert/strict';
import { test } from 'node:test';

import { explainFailure } from './explain-failure.js';

const dataDir = '/srv/ordermesh/.data/postgres';

test('a taken port should be named with the port and what to do', () => {
  const output = [
    '2026-12-02 06:11:26.627 UTC [812] LOG:  starting PostgreSQL 18.0 on x86_64-pc-linux-gnu',
    '2026-12-02 06:11:26.628 UTC [812] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
    '2026-12-02 06:11:26.628 UTC [812] HINT:  Is another postmaster already running on port 54329? If not, wait a few seconds and retry.',
    '2026-12-02 06:11:26.628 UTC [812] WARNING:  could not create listen socket for "127.0.0.1"',
    '2026-12-02 06:11:26.628 UTC [812] FATAL:  could not create any TCP/IP sockets',
  ].join('\n');
  const { reason, fix } = explainFailure(output, { program: 'postgres', dataDir, port: 54329 });
  assert.equal(reason, 'port 54329 on 127.0.0.1 is taken');
  assert.match(fix, /ORDERMESH_EMBEDDED_PG_PORT/);
  assert.match(fix, /DATABASE_URL/);
});

test('a server already running on the data dir should be named with its pid', () => {
  const output = [
    '2026-12-02 06:11:26.627 UTC [900] FATAL:  lock file "postmaster.pid" already exists',
    '2026-12-02 06:11:26.627 UTC [900] HINT:  Is another postmaster (PID 4242) running in data directory "/srv/ordermesh/.data/postgres"?',
  ].join('\n');
  const { reason, fix } = explainFailure(output, { program: 'postgres', dataDir, port: 54329 });
  assert.equal(reason, `another Postgres (pid 4242) is already running on ${dataDir}`);
  assert.match(fix, /kill 4242/);
});

test('a cluster of another Postgres version should say which and how to start afresh', () => {
  const output = [
    '2026-12-02 06:11:26.627 UTC [901] FATAL:  database files are incompatible with server',
    '2026-12-02 06:11:26.627 UTC [901] DETAIL:  The data directory was initialized by PostgreSQL version 15, which is not compatible with this version 18.0.',
  ].join('\n');
  const { reason, fix } = explainFailure(output, { program: 'postgres', dataDir });
  assert.match(reason, /initialized by PostgreSQL version 15, which is not compatible with this version 18\.0\)$/);
  assert.match(fix, new RegExp(`remove that folder`));
});

test('an unknown failure should be reported by its last FATAL line, without the log prefix', () => {
  const output = [
    '2026-12-02 06:11:26.627 UTC [902] LOG:  starting PostgreSQL 18.0',
    '2026-12-02 06:11:26.627 UTC [902] FATAL:  could not load server certificate file "server.crt": No such file or directory',
    '2026-12-02 06:11:26.628 UTC [902] LOG:  database system is shut down',
  ].join('\n');
  const { reason, fix } = explainFailure(output, { program: 'postgres', dataDir });
  assert.equal(reason, 'postgres failed: FATAL: could not load server certificate file "server.crt": No such file or directory');
  assert.match(fix, /ORDERMESH_LOG_LEVEL=debug/);
});

test('initdb errors and silence should still give a reason', () => {
  assert.equal(
    explainFailure('initdb: error: could not create directory "/x/data": Permission denied\n', { program: 'initdb', dataDir }).reason,
    'initdb failed: initdb: error: could not create directory "/x/data": Permission denied',
  );
  assert.equal(explainFailure('', { program: 'initdb', dataDir }).reason, 'initdb exited without saying why');
});
