export { ConfigError, parseConfig, pick } from './parse-config.js';
export { commaList, etcdEndpointsSchema, int, LOG_LEVELS, logLevelSchema } from './fragments.js';
