// Original file: proto/ordermesh/v1/inventory.proto

/**
 * How SetStock applies on_hand.
 */
export const StockUpdateMode = {
  /**
   * The same as STOCK_UPDATE_MODE_SET.
   */
  STOCK_UPDATE_MODE_UNSPECIFIED: 'STOCK_UPDATE_MODE_UNSPECIFIED',
  /**
   * on_hand becomes the given value.
   */
  STOCK_UPDATE_MODE_SET: 'STOCK_UPDATE_MODE_SET',
  /**
   * The given value is added to on_hand (a restock).
   */
  STOCK_UPDATE_MODE_ADD: 'STOCK_UPDATE_MODE_ADD',
} as const;

/**
 * How SetStock applies on_hand.
 */
export type StockUpdateMode =
  /**
   * The same as STOCK_UPDATE_MODE_SET.
   */
  | 'STOCK_UPDATE_MODE_UNSPECIFIED'
  | 0
  /**
   * on_hand becomes the given value.
   */
  | 'STOCK_UPDATE_MODE_SET'
  | 1
  /**
   * The given value is added to on_hand (a restock).
   */
  | 'STOCK_UPDATE_MODE_ADD'
  | 2

/**
 * How SetStock applies on_hand.
 */
export type StockUpdateMode__Output = typeof StockUpdateMode[keyof typeof StockUpdateMode]
