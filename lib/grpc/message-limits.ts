/**
 * The largest gRPC message, in bytes, every ordermesh server accepts and every ordermesh client
 * sends: 1 MiB. The largest real request (a SetStock of 1000 skus, a CreateOrder of 50 lines) is
 * far below it; a larger one is RESOURCE_EXHAUSTED before it is decoded. One constant, so the
 * gateway, the nodes and wms-sim refuse the same sizes.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The one exception, for answers only: wms-sim's GetReport lists every shipment of a run and is
 * not paged (about 100 000 orders fit). wms-sim sends it and its clients receive it up to this
 * size; wms-sim still accepts requests of {@link MAX_MESSAGE_BYTES} at most.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;
