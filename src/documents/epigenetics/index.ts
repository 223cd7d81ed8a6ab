export { detectEpigeneticFamily, type EpigeneticFamily } from './detect';
export { parseEpigeneticReport } from './parse';
