/**
 * The gateway: the data-plane front door of every control-plane replica. It forwards each
 * OrderService, PaymentService and InventoryService call as bytes, routed on one field read from
 * them (the node validates the request), to the warehouse node the latest assignment names, retrying UNAVAILABLE on the next candidate within the caller's
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
export { planByOrderId } from './order-routes.js';
export { paymentGatewayHandlers } from './payment-gateway.js';
export { inventoryGatewayHandlers } from './inventory-gateway.js';
export { forwardingHandler, forwardingHandlers, type ForwardRoute, type RoutePlan } from './forwarding-handler.js';
export { callBytes, type ByteAnswer, type NodeStatusError } from '#lib/grpc/index.js';
export { requestType, type RequestType } from './request-type.js';
export { messageShape, readStringField, readVarintField, type MessageShape } from './wire-reader.js';
export {
  CandidatesUnavailableError,
  ForwardCancelledError,
  ForwardDeadlineError,
  MalformedRequestError,
  NoAssignmentError,
  NoLiveNodeError,
  UnroutableRequestError,
  type AttemptFailure,
} from './errors.js';
