/**
 * What the tests of more than one package area share to drive a warehouse node: one started
 * in-process on its own database, shorthands for the calls tests make most, an order placed and
 * paid, and a snapshot of the tables a node writes. Warehouse's own tests use it as well as the
 * control plane's, wms-sim's, ecom-sim's, lib/proto's and the whole-cluster tests, so it lives
 * here rather than in a package's `src/testing` (which only that package may import). Real
 * servers and waiting are lib/testing's.
 */
export { startTestWarehouse, testWarehouseConfig, type TestWarehouse } from './test-warehouse.js';
export { assertStatus, calls } from './calls.js';
export { placePaidOrder } from './place-paid-order.js';
export { snapshotTables, type TableSnapshot } from './table-snapshot.js';
