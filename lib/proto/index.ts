export { loadOrdermesh, ordermeshV1, PROTO_ROOT, type OrdermeshProto } from './loader.js';
