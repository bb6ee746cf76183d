import { z } from 'zod';

/** How the metrics port is spelled in flags and the environment, for config error messages. */
export const METRICS_PORT_NAME = '--metrics-port / ORDERMESH_METRICS_PORT';

/**
 * The metrics port setting of every service: unset (or empty) serves no metrics, 0 any free
 * port (the bound address is logged and published), 1-65535 that port.
 */
export const metricsPortSchema = z.coerce
  .number()
  .int('must be a whole number')
  .min(0, 'must be at least 0')
  .max(65535, 'must be at most 65535')
  .optional();
