/**
 * The web console every control-plane replica serves over HTTP (HTTPS with client certificates
 * and roles when the mesh runs mutual TLS): nodes, ring, traffic, failovers, order search and the
 * drain button, updated live by server-sent events.
 */
export { WebConsole, type WebConsoleOptions } from './web-console.js';
export { authorizeConsoleRequest, consoleMethodOf, consoleTlsOptions, type ConsoleSecurity } from './console-access.js';
export { ConsoleServer, CONSOLE_ACTION_HEADER, type ConsoleActions, type ConsoleServerOptions } from './console-server.js';
export { ConsoleFeed, type ConsoleFeedOptions } from './console-feed.js';
export type { ConsoleSnapshot, LoadView, NodeHealth, NodeView, RegionView, RpcView, TrafficSeries } from './console-snapshot.js';
export { diffAssignments, EpochHistory, type EpochEntry, type NodeChange, type NodeChangeKind } from './epoch-history.js';
export { lookUpOrder } from './order-lookup.js';
export { orderView, shortStatus, timestampToIso, type OrderEvent, type OrderView } from './order-view.js';
export { consoleUiDir, loadStaticFiles, type StaticFile } from './static-files.js';
