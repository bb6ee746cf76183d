export { ConfigError, parseConfig, pick } from './parse-config.js';
