export { DESCRIPTOR_IMAGES, loadOrdermesh, ordermeshV1, PROTO_ROOT, reflectionDefinition, type OrdermeshProto } from './loader.js';
export { timestampMs, toTimestamp } from './timestamp.js';
export * from './generated/index.js';
