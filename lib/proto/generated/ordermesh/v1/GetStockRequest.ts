// Original file: proto/ordermesh/v1/inventory.proto


export interface GetStockRequest {
  /**
   * "" for every warehouse.
   */
  'warehouseId'?: (string);
  /**
   * Only these skus (none for all), at most 1000.
   */
  'skus'?: (string)[];
  /**
   * At most this many levels, 1 to 1000; 0 means 100.
   */
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface GetStockRequest__Output {
  /**
   * "" for every warehouse.
   */
  'warehouseId': (string);
  /**
   * Only these skus (none for all), at most 1000.
   */
  'skus': (string)[];
  /**
   * At most this many levels, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  'pageToken': (string);
}
