import assert from 'node:assert/strict';
import { test } from 'node:test';

import { testEtcd, waitFor, withDeadline } from '../testing/index.js';
import { createEtcdClient, InvalidValueError, readRegisteredServices, serviceKey, ServiceRegistration } from './index.js';

const WMS = { service: 'wms-sim', instance: 'wms-sim', address: '127.0.0.1:50071', metricsAddress: '127.0.0.1:51071', version: '0.1.0-test' } as const;

test('a registered side service should be listed with its metrics address while it runs, and gone once it stops', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const reader = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    reader.close();
  });
  await withDeadline(45_000, async (signal) => {
    // A value nobody can decode must not hide the others.
    await reader.put(serviceKey(etcd.prefix, 'broken', 'x')).value('{not json').exec();
    const stop = new AbortController();
    const registration = new ServiceRegistration({ client, prefix: etcd.prefix, service: WMS, ttlSeconds: 60 });
    const running = registration.start(AbortSignal.any([signal, stop.signal]));

    const listed = await waitFor(async () => (await readRegisteredServices(reader, etcd.prefix, 3_000)).find((s) => s.service === 'wms-sim'), {
      timeoutMs: 15_000,
      signal,
      message: 'wms-sim to be registered',
    });
    assert.equal(listed.metricsAddress, WMS.metricsAddress);
    assert.equal(listed.address, WMS.address);
    assert.ok(!Number.isNaN(Date.parse(listed.startedAt)));
    const stored = (await reader.getAll().prefix(serviceKey(etcd.prefix, 'wms-sim', 'wms-sim')).exec()).kvs[0];
    assert.notEqual(stored?.lease, '0', 'the registration is attached to a lease, so it dies with the process');

    // A graceful stop revokes the lease: gone at once, not after the 60 s TTL.
    stop.abort();
    await running;
    assert.equal(registration.state, 'STOPPED');
    assert.deepEqual(await readRegisteredServices(reader, etcd.prefix, 3_000), []);
  }, 'service registration');
});

test('a service registration with a bad address or name should be refused before it is written', () => {
  const client = createEtcdClient({ endpoints: ['http://127.0.0.1:1'] });
  try {
    assert.throws(() => new ServiceRegistration({ client, service: { ...WMS, address: 'no port' } }), InvalidValueError);
    assert.throws(() => new ServiceRegistration({ client, service: { ...WMS, instance: '../escape' } }), InvalidValueError);
  } finally {
    client.close();
  }
});
