export { TestCluster, type TestClusterOptions } from './cluster.js';
export { runSteadyLoad, type LoadResult } from './load-driver.js';
export { spawnOrdermesh, type OrdermeshProcess } from './ordermesh-process.js';
export { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
export { chromiumPath, launchChromium } from './browser.js';
