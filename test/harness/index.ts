export { TestCluster, type TestClusterOptions } from './cluster.js';
export { runSteadyLoad, type LoadResult } from './load-driver.js';
export { spawnOrdermesh, type OrdermeshProcess } from './ordermesh-process.js';
export { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
export { parseExposition, scrape, sumOf, type PromSample } from './prometheus-scrape.js';
export { JaegerApi, tagOf, type JaegerSpan, type JaegerTrace } from './jaeger-api.js';
export { startOrderPaymentLoad, type OrderPaymentLoadResult } from './order-payment-load.js';
export { chromiumPath, launchChromium } from './browser.js';
export { describeFault, FAULT_KINDS, planFaults, strikeFault, type Fault, type FaultKind } from './fault-injector.js';
