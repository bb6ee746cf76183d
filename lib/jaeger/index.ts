/** Jaeger v2 all-in-one as a child process: for the trace tests and `ordermesh dev --jaeger`. */
export {
  JAEGER_DEFAULT_PORTS,
  JaegerStartError,
  jaegerBinary,
  jaegerConfigFile,
  startJaeger,
  type JaegerOptions,
  type JaegerPorts,
  type JaegerServer,
} from './jaeger-server.js';
