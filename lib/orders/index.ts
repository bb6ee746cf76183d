export { LIMITS } from './limits.js';
export { FINAL_STATUSES, fromProtoStatus, ORDER_STATUSES, toProtoStatus, type OrderStatus } from './order-status.js';
export { canApply, statusesBefore, TRANSITIONS, type OrderEvent, type Transition } from './transitions.js';
export { parseRequest, protoFieldPath } from './parse-request.js';
export { mintOrderId, ORDER_ID_METADATA, orderIdProblem, parseOrderId, type ParsedOrderId } from './order-id.js';
export {
  validateCancelOrder,
  validateConfirmPayment,
  validateCreateOrder,
  validateGetStock,
  validateListOrders,
  validateOrderId,
  validateReportShipment,
  validateSetStock,
  type ConfirmPaymentCommand,
  type CreateOrderCommand,
  type GetStockQuery,
  type LineItemInput,
  type ListOrdersQuery,
  type SetStockCommand,
} from './requests.js';
export { DEFAULT_TOPOLOGY, parseTopology, preferenceOrder, topologySchema, type Topology } from './topology.js';
