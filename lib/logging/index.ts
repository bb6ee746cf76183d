export { createRootLogger, setLogMixin, silentLogger, type Logger, type RootLoggerOptions } from './logger.js';
