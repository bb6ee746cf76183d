import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '#lib/config/index.js';
import { loadWmsSimConfig } from './config.js';

describe('loadWmsSimConfig', () => {
  it('should default to the documented settings', () => {
    const c = loadWmsSimConfig({}, {});
    assert.equal(c.port, 50071);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.gatewayAddress, '127.0.0.1:50051');
    assert.equal(c.failureRate, 0.1);
    assert.deepEqual(c.pickDelayMs, { minMs: 50, maxMs: 300 });
    assert.equal(c.skuCount, 20);
    assert.deepEqual(c.warehouses, ['HCM-01', 'HCM-02', 'HN-01', 'DN-01']);
    assert.equal(c.initialStock, 500);
    assert.equal(c.restockIntervalMs, 10_000);
    assert.equal(c.maxMessageBytes, 1024 * 1024, 'the one limit of every ordermesh server, not 64 MiB');
    assert.equal(c.logLevel, 'info');
  });

  it('should let flags beat the environment, and read the ORDERMESH_WMS_* variables', () => {
    const c = loadWmsSimConfig(
      { port: '6000', host: '0.0.0.0' },
      {
        ORDERMESH_PORT: '5000',
        ORDERMESH_GATEWAY: 'gw:50051',
        ORDERMESH_WMS_FAILURE_RATE: '0',
        ORDERMESH_WMS_PICK_DELAY_MS: '7',
        ORDERMESH_WMS_WAREHOUSES: ' HN-01 , DN-02 ',
        ORDERMESH_WMS_SEED: '7',
        OTEL_SERVICE_NAME: 'wms',
        HOME: '/root',
      },
    );
    assert.equal(c.port, 6000);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.gatewayAddress, 'gw:50051');
    assert.equal(c.failureRate, 0);
    assert.deepEqual(c.pickDelayMs, { minMs: 7, maxMs: 7 });
    assert.deepEqual(c.warehouses, ['HN-01', 'DN-02']);
    assert.equal(c.seed, 7);
    assert.deepEqual(c.otelEnv, { OTEL_SERVICE_NAME: 'wms' });
  });

  it('should list every invalid setting in one error, by the name the user typed', () => {
    assert.throws(
      () =>
        loadWmsSimConfig(
          { port: 'x' },
          { ORDERMESH_WMS_FAILURE_RATE: '1.5', ORDERMESH_WMS_PICK_DELAY_MS: '300-50', ORDERMESH_WMS_WAREHOUSES: 'HCM-01,hcm', ORDERMESH_GATEWAY: 'nope' },
        ),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.problems.join('\n');
        for (const name of ['--port / ORDERMESH_PORT', 'ORDERMESH_WMS_FAILURE_RATE', 'ORDERMESH_WMS_PICK_DELAY_MS', 'ORDERMESH_WMS_WAREHOUSES', 'ORDERMESH_GATEWAY']) {
          assert.ok(text.includes(`${name}:`), `names ${name}: ${text}`);
        }
        assert.equal(err.problems.length, 5);
        return true;
      },
    );
  });
});
