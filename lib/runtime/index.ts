export { abortable, anySignal, deadlineIn, sleep, waitForAbort } from './abort.js';
export { Backoff, backoffDelayMs, type BackoffOptions } from './backoff.js';
export { goToolPath, repoRoot } from './paths.js';
export { runProcess, type RunProcessOptions, type StartFn } from './run-process.js';
export { ServerDidNotStartError, StartupError } from './startup-error.js';
export { ordermeshVersion } from './version.js';
export { seededRandom, seededUint32, type Random } from './seeded-random.js';
export { Batcher, type BatcherOptions } from './batcher.js';
