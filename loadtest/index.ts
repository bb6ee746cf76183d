/**
 * The ghz load-test kit: what the configs, the order generator and the test that replays the
 * configs share. `generate-orders.ts` is the generator's command line; `run.sh` runs ghz.
 */
export {
  GhzConfigError,
  GhzDataError,
  OrderGenerationError,
  ProtoJsonError,
  UnsupportedTemplateActionError,
} from './errors.js';
export {
  ghzCallData,
  ghzWorkerId,
  hasTemplateActions,
  renderGhzTemplate,
  templateActions,
  type GhzCallData,
  type GhzMethod,
  type TemplateAction,
  type TemplateRandom,
} from './ghz-template.js';
export {
  callDataText,
  GHZ_CONFIG_KEYS,
  parseGhzConfig,
  readGhzConfig,
  requestJsonFor,
  requestMetadataFor,
  type GhzConfig,
} from './ghz-config.js';
export { fromProtoJson, jsonNameOf, type ProtoEnum, type ProtoField, type ProtoType } from './protojson.js';
export {
  GENERATED_RPCS,
  generateOrders,
  writeDataFile,
  type ConfirmPaymentRequestJson,
  type GeneratedRequest,
  type GeneratedRpc,
  type GenerateOrdersOptions,
  type GenerationProgress,
  type GenerationResult,
  type GetOrderRequestJson,
} from './order-generator.js';
