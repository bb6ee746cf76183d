export { FulfillmentReconciler, type FulfillmentReconcilerOptions } from './fulfillment-reconciler.js';
export { OutboxStore, type DeliveryLine, type DeliveryRetry, type DueDelivery } from './outbox-store.js';
export { OutboxWorker, type OutboxWorkerOptions } from './outbox-worker.js';
export { Ownership } from './ownership.js';
export { PaymentTimeouts, type PaymentTimeoutsOptions } from './payment-timeouts.js';
