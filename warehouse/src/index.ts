export { loadWarehouseConfig, type WarehouseConfig, type WarehouseFlags } from './config.js';
export { warehouseMain } from './main.js';
export { WarehouseNode, type WarehouseNodeReady } from './warehouse-node.js';
