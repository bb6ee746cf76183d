export { loadOrdermesh, ordermeshV1, PROTO_ROOT, reflectionDefinition, type OrdermeshProto } from './loader.js';
export {
  addSourceComments,
  commentKey,
  readProtoComments,
  withSourceComments,
  type ProtoComments,
  type SourceCommentOptions,
} from './source-comments.js';
