// Lab reports: which layout a report is in, and its results read from the extracted rows.
export { detectLabFamily, type LabFamily } from './detect';
export { parseLabReport } from './parse';
