import { join } from 'node:path';
import { JAEGER_DEFAULT_PORTS, jaegerBinary, startJaeger, type JaegerServer } from '#lib/jaeger/index.js';

/** The OTLP/HTTP endpoint `ordermesh dev --jaeger` exports to: Jaeger's default receiver port. */
export const DEV_JAEGER_OTLP_ENDPOINT = `http://127.0.0.1:${JAEGER_DEFAULT_PORTS.otlpHttp}`;

/** True when scripts/go-tools.mjs has built Jaeger (so `--jaeger` can start one). */
export function jaegerInstalled(): boolean {
  return jaegerBinary() !== undefined;
}

/**
 * Starts Jaeger v2 all-in-one (in-memory storage) on its default ports (OTLP 4317 and 4318, UI
 * 16686) beside the dev cluster, its output in `<logDir>/jaeger.log`.
 * @throws JaegerStartError when it cannot start (e.g. a port is taken by another Jaeger).
 */
export async function startDevJaeger(logDir: string): Promise<JaegerServer> {
  return startJaeger({ ports: { ...JAEGER_DEFAULT_PORTS }, logFile: join(logDir, 'jaeger.log') });
}
