export { CallStats, type LoadSnapshot } from './call-stats.js';
export { callUnary, channelOptions, tracingInterceptor, type CallOptions } from './client.js';
export { GrpcServer, type GrpcServerOptions, type ServiceRegistration } from './server.js';
export { toStatus, type StatusAnswer } from './status-map.js';
export { contextFromMetadata, injectContext } from './trace-metadata.js';
export { unary, type CallContext, type HandlerEnv, type UnaryFn } from './unary-handler.js';
export { connectOrdermesh, type OrdermeshClients } from './clients.js';
export { checkHealth, type HealthAnswer } from './health-client.js';
export { connectControlPlane } from './control-plane-client.js';
