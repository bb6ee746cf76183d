/**
 * The gateway: the data-plane front door of every control-plane replica. It validates each
 * OrderService, PaymentService and InventoryService call and forwards it to the warehouse node
 * the latest assignment names, retrying UNAVAILABLE on the next candidate within the caller's
 * deadline, and keeps routing on the last assignment while etcd is unreachable.
 */
export { Gateway, type GatewayOptions } from './gateway.js';
export { ChannelPool, type ChannelLease, type ChannelPoolOptions } from './channel-pool.js';
export {
  Forwarder,
  type ForwardContext,
  type ForwarderCounters,
  type ForwarderOptions,
  type ForwardRequest,
  type RetryPolicy,
  type RouterSource,
} from './forwarder.js';
export { Spreader } from './targets.js';
export { noActiveNode, noLiveNode, type GatewayDeps } from './gateway-deps.js';
export { orderGatewayHandlers } from './order-gateway.js';
export { paymentGatewayHandlers } from './payment-gateway.js';
export { inventoryGatewayHandlers } from './inventory-gateway.js';
export {
  CandidatesUnavailableError,
  ForwardCancelledError,
  ForwardDeadlineError,
  NoAssignmentError,
  NoLiveNodeError,
  type AttemptFailure,
} from './errors.js';
