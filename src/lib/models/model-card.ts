// The shape of pretrained/model-card.json: what was trained, how, and how well. Written by
// `npm run train`, checked by `npm run evaluate`, drawn by the training-curve widget, and its
// self-test logits let the browser verify a backend before trusting it. The schema (and so the
// types) live in src/lib/artifacts/model-card.ts.
export { modelCardSchema, type EpochHistory, type ModelCard, type ModelCardEntry } from '../artifacts/model-card';
