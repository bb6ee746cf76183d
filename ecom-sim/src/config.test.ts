import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '#lib/config/index.js';
import { loadEcomSimConfig } from './config.js';
import { resolveSimulationOptions } from './options.js';

describe('loadEcomSimConfig', () => {
  it('should default to 100 orders at concurrency 10 against 127.0.0.1:50051', () => {
    const c = loadEcomSimConfig({}, {});
    assert.equal(c.simulation.target, '127.0.0.1:50051');
    assert.equal(c.simulation.orders, 100);
    assert.equal(c.simulation.concurrency, 10);
    assert.equal(c.simulation.connections, 1);
    assert.deepEqual(c.simulation.paymentDelayMs, [50, 500]);
    assert.equal(c.simulation.paymentFailureRate, 0.1);
    assert.equal(c.simulation.settleTimeoutMs, 60_000);
    assert.equal(c.simulation.ratePerS, undefined);
    assert.ok(Number.isInteger(c.simulation.seed), 'a seed is chosen, so it can be reported');
    assert.equal(c.json, false);
    assert.equal(c.csvPath, undefined);
  });

  it('should take --connections and ORDERMESH_ECOM_CONNECTIONS, and refuse 0 naming the flag', () => {
    assert.equal(loadEcomSimConfig({ connections: '4' }, { ORDERMESH_ECOM_CONNECTIONS: '2' }).simulation.connections, 4);
    assert.equal(loadEcomSimConfig({}, { ORDERMESH_ECOM_CONNECTIONS: '2' }).simulation.connections, 2);
    assert.throws(() => loadEcomSimConfig({ connections: '0' }, {}), (err: Error) => err instanceof ConfigError && /--connections/.test(err.message));
  });

  it('should let flags beat the environment', () => {
    const env = { ORDERMESH_GATEWAY: '10.0.0.1:50051', ORDERMESH_ECOM_ORDERS: '7', ORDERMESH_ECOM_CONCURRENCY: '3', OTEL_SERVICE_NAME: 'x' };
    const fromEnv = loadEcomSimConfig({}, env);
    assert.deepEqual([fromEnv.simulation.target, fromEnv.simulation.orders, fromEnv.simulation.concurrency], ['10.0.0.1:50051', 7, 3]);
    assert.deepEqual(fromEnv.otelEnv, { OTEL_SERVICE_NAME: 'x' });
    const c = loadEcomSimConfig(
      { target: 'gw:6000', orders: '20', 'payment-delay-ms': '0-10', 'payment-failure-rate': '0.5', rate: '12.5', seed: '9', csv: 'out.csv', json: true },
      env,
    );
    assert.deepEqual(
      [c.simulation.target, c.simulation.orders, c.simulation.concurrency, c.simulation.paymentDelayMs, c.simulation.paymentFailureRate, c.simulation.ratePerS, c.simulation.seed],
      ['gw:6000', 20, 3, [0, 10], 0.5, 12.5, 9],
    );
    assert.equal(c.csvPath, 'out.csv');
    assert.equal(c.json, true);
  });

  it('should place as many orders as fit in --duration when no count is given', () => {
    const c = loadEcomSimConfig({ duration: '30' }, {});
    assert.equal(c.simulation.orders, Infinity);
    assert.equal(c.simulation.durationS, 30);
    assert.equal(loadEcomSimConfig({ duration: '30', orders: '5' }, {}).simulation.orders, 5);
  });

  it('should take a single payment delay as a fixed one', () => {
    assert.deepEqual(loadEcomSimConfig({ 'payment-delay-ms': '120' }, {}).simulation.paymentDelayMs, [120, 120]);
  });

  it('should list every bad flag in one error, naming each', () => {
    assert.throws(
      () => loadEcomSimConfig({ target: 'nohost', orders: '0', concurrency: 'many', 'payment-delay-ms': '500-50', 'payment-failure-rate': '1.5', rate: '-1' }, {}),
      (err: ConfigError) => {
        assert.ok(err instanceof ConfigError);
        const text = err.problems.join('\n');
        for (const name of ['--target', '--orders', '--concurrency', '--payment-delay-ms', '--payment-failure-rate', '--rate']) assert.match(text, new RegExp(name));
        assert.equal(err.problems.length, 6);
        return true;
      },
    );
  });
});

describe('resolveSimulationOptions', () => {
  it('should refuse a run that nothing bounds', () => {
    assert.throws(() => resolveSimulationOptions({ target: 'h:1', orders: Infinity }), /nothing bounds the run/);
    assert.equal(resolveSimulationOptions({ target: 'h:1', orders: Infinity, durationS: 1 }).orders, Infinity);
  });

  it('should refuse out-of-range options, naming them', () => {
    assert.throws(() => resolveSimulationOptions({ target: 'h:1', paymentFailureRate: 2 }), /paymentFailureRate/);
    assert.throws(() => resolveSimulationOptions({ target: 'h:1', paymentDelayMs: [5, 1] }), /paymentDelayMs/);
    assert.throws(() => resolveSimulationOptions({ target: 'h:1', finalStatuses: [] }), /finalStatuses/);
    assert.throws(() => resolveSimulationOptions({ target: '' }), /target/);
  });
});
