/**
 * Agreement metrics between annotators: pure functions, no I/O. Scores are documented where they
 * are defined; this module is the one import the server and the client need.
 */
export { boxIoU, polygonArea, polygonIntersectionArea, polygonIoU } from '../geometry.ts';
export { disagreements } from './disagreements.ts';
export { itemAgreement } from './item.ts';
export { type Category, categoryCounts, cohenKappa, fleissKappa } from './kappa.ts';
export { krippendorffAlphaNominal } from './krippendorff.ts';
export { type ProjectItems, projectAgreement } from './project.ts';
export * from './schemas.ts';
export { type MatchResult, prf } from './scores.ts';
export { boxF1, pointF1, polygonF1 } from './shapes.ts';
export { spanF1 } from './spans.ts';
