import { unary } from '../../../lib/grpc/index.js';
import type { NodeServiceHandlers } from '../../../lib/proto/generated/ordermesh/v1/NodeService.js';
import type { ServiceDeps } from './service-deps.js';

/** NodeService on a warehouse node. */
export function nodeServiceHandlers(deps: ServiceDeps): NodeServiceHandlers {
  return {
    GetStatus: unary(deps.env, '/ordermesh.v1.NodeService/GetStatus', () => deps.status()),
  };
}
