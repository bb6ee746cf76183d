import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Etcd3 } from 'etcd3';

import { startEtcd, testEtcd, waitFor, withDeadline } from '../testing/index.js';
import { createEtcdClient, nodeKey, PrefixWatcher, watchNodes, type RegisteredNode } from './index.js';

function node(nodeId: string, capacity = 100): RegisteredNode {
  return { nodeId, region: 'HCM', address: '127.0.0.1:50061', capacity, version: '0.1.0-test', startedAt: '2025-01-01T00:00:00.000Z' };
}

async function putNode(client: Etcd3, prefix: string, value: RegisteredNode): Promise<void> {
  await client.put(nodeKey(prefix, value.nodeId)).value(JSON.stringify(value)).exec();
}

/** The snapshot as sorted `id:capacity` strings: easy to compare and to read in a failure. */
function summary(snapshot: ReadonlyMap<string, RegisteredNode>): string[] {
  return [...snapshot.values()].map((n) => `${n.nodeId}:${n.capacity}`).sort();
}

test('a watcher should list existing nodes, then see adds, updates and deletes, and skip bad values', { timeout: 60_000 }, async (t) => {
  const etcd = await testEtcd();
  t.after(() => etcd.cleanup());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const writer = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    writer.close();
  });
  await withDeadline(45_000, async (signal) => {
    await putNode(writer, etcd.prefix, node('n0'));
    const seen: string[][] = [];
    const watcher = watchNodes({ client, prefix: etcd.prefix, onChange: (s) => seen.push(summary(s)) });
    const running = watcher.start(signal);

    await waitFor(() => watcher.state === 'WATCHING', { timeoutMs: 15_000, signal, message: 'the watch to open' });
    assert.deepEqual(seen[0], ['n0:100'], 'the first snapshot is the list');

    await putNode(writer, etcd.prefix, node('n1'));
    await waitFor(() => summary(watcher.snapshot()).join() === 'n0:100,n1:100', { timeoutMs: 15_000, signal, message: 'add' });
    await putNode(writer, etcd.prefix, node('n1', 250));
    await waitFor(() => summary(watcher.snapshot()).join() === 'n0:100,n1:250', { timeoutMs: 15_000, signal, message: 'update' });
    await writer.delete().key(nodeKey(etcd.prefix, 'n0')).exec();
    await waitFor(() => summary(watcher.snapshot()).join() === 'n1:250', { timeoutMs: 15_000, signal, message: 'delete' });

    // A value that does not decode is left out; one naming another node is refused.
    await writer.put(nodeKey(etcd.prefix, 'bad')).value('{not json').exec();
    await writer.put(nodeKey(etcd.prefix, 'n2')).value(JSON.stringify(node('impostor'))).exec();
    await putNode(writer, etcd.prefix, node('n3'));
    await waitFor(() => summary(watcher.snapshot()).join() === 'n1:250,n3:100', { timeoutMs: 15_000, signal, message: 'valid keys only' });
    assert.deepEqual(seen.at(-1), ['n1:250', 'n3:100'], 'onChange got the same snapshot');
    assert.equal(watcher.lists, 1, 'no re-list was needed');
    void running;
  }, 'watch add/update/delete');
});

test('a watcher should keep its snapshot while etcd is down and converge after etcd restarts', { timeout: 90_000 }, async (t) => {
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const client = createEtcdClient({ endpoints: etcd.endpoints, callTimeoutMs: 1_000 });
  t.after(() => client.close());
  const prefix = '/ordermesh-test/restart/v1/';
  await withDeadline(75_000, async (signal) => {
    const writer = createEtcdClient({ endpoints: etcd.endpoints });
    await putNode(writer, prefix, node('a'));
    writer.close();
    const seen: string[][] = [];
    const watcher = watchNodes({ client, prefix, onChange: (s) => seen.push(summary(s)) });
    const running = watcher.start(signal);
    await waitFor(() => watcher.state === 'WATCHING', { timeoutMs: 15_000, signal, message: 'the watch to open' });

    await etcd.halt();
    await waitFor(() => watcher.state === 'RETRYING', { timeoutMs: 20_000, signal, message: 'the watcher to notice the outage' });
    assert.deepEqual(summary(watcher.snapshot()), ['a:100'], 'static stability: the last snapshot is kept');
    assert.ok(seen.every((s) => s.length > 0), 'never reported an empty world');

    await etcd.restart();
    // Changes made before the watcher is back are picked up by its re-list, later ones by the watch.
    const after = createEtcdClient({ endpoints: etcd.endpoints });
    try {
      await waitFor(() => after.put(nodeKey(prefix, 'b')).value(JSON.stringify(node('b'))).exec(), { timeoutMs: 20_000, signal, message: 'etcd to accept writes again' });
      await after.delete().key(nodeKey(prefix, 'a')).exec();
      await waitFor(() => summary(watcher.snapshot()).join() === 'b:100', { timeoutMs: 30_000, signal, message: 'convergence after restart' });
      await waitFor(() => watcher.state === 'WATCHING', { timeoutMs: 15_000, signal, message: 'watching again' });
      await putNode(after, prefix, node('c'));
      await waitFor(() => summary(watcher.snapshot()).join() === 'b:100,c:100', { timeoutMs: 15_000, signal, message: 'watch works after restart' });
    } finally {
      after.close();
    }
    assert.ok(watcher.lists >= 2, `re-listed after the restart (lists=${watcher.lists})`);
    void running;
  }, 'watch across etcd restart');
});

test('a watcher whose start revision was compacted should re-list and converge', { timeout: 60_000 }, async (t) => {
  // A private etcd: compaction is cluster-wide and must not reach other tests' watchers.
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const client = createEtcdClient({ endpoints: etcd.endpoints });
  const writer = createEtcdClient({ endpoints: etcd.endpoints });
  t.after(() => {
    client.close();
    writer.close();
  });
  const prefix = '/ordermesh-test/compaction/v1/';
  await withDeadline(45_000, async (signal) => {
    await putNode(writer, prefix, node('a'));
    const listedAt: string[] = [];
    let compactedTo: string | undefined;
    const watcher = new PrefixWatcher<RegisteredNode>({
      client,
      prefix: `${prefix}nodes/`,
      decode: (raw) => JSON.parse(raw) as RegisteredNode,
      onChange: () => undefined,
      onListed: async (revision) => {
        listedAt.push(revision);
        if (listedAt.length > 1) return;
        // Inside the list→watch gap: change the prefix, then compact past the listed revision,
        // so the watch from revision + 1 is refused and the changes exist only in a new list.
        await putNode(writer, prefix, node('b'));
        await putNode(writer, prefix, node('a', 300));
        const current = (await writer.put(`${prefix}unrelated`).value('x').exec()).header.revision;
        await writer.kv.compact({ revision: current, physical: true });
        compactedTo = current;
      },
    });
    const running = watcher.start(signal);

    await waitFor(() => summary(watcher.snapshot()).join() === 'a:300,b:100', { timeoutMs: 20_000, signal, message: 'convergence after compaction' });
    assert.ok(compactedTo !== undefined && BigInt(compactedTo) > BigInt(listedAt[0] ?? '0'), 'the compaction passed the listed revision');
    assert.ok(listedAt.length >= 2, `re-listed (lists at ${listedAt.join(', ')})`);
    assert.ok(BigInt(listedAt[1] ?? '0') >= BigInt(compactedTo ?? '0'), 'the second list is at or after the compaction');
    await waitFor(() => watcher.state === 'WATCHING', { timeoutMs: 15_000, signal, message: 'watching after the re-list' });
    await putNode(writer, prefix, node('c'));
    await waitFor(() => summary(watcher.snapshot()).join() === 'a:300,b:100,c:100', { timeoutMs: 15_000, signal, message: 'watch works after the re-list' });
    void running;
  }, 'watch after compaction');
});
