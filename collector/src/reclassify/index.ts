export { reclassifyCalls, type ReclassifyOptions, type ReclassifyProgress } from './reclassify-calls.ts'
export { halve, splitWindows, type TimeWindow } from './windows.ts'
