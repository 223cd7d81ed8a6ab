export { detectDexaFamily, type DexaFamily } from './detect';
export { parseDexaReport } from './parse';
