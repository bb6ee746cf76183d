/** Text for people: the aligned tables of the CLI's and ecom-sim's reports. */
export { renderTable } from './table.js';
