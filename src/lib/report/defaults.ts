// Shared defaults for the site, the widgets and the build-time assets (tools/build-assets.ts).
// Pure constants: safe to import anywhere.

/** The test digit every widget opens with, and the one the static fallback figures show. */
export const DEFAULT_SAMPLE = 0;

/** The same digit as an input spec ("mnist-test:<index>", as the explain CLI takes it). */
export const DEFAULT_SAMPLE_SOURCE = `mnist-test:${DEFAULT_SAMPLE}`;

/** Where tools/build-assets.ts writes, relative to public/ (so served under /generated/). */
export const GENERATED_DIR = 'generated';
/** The test-set study, column-wise (see src/lib/report/study-summary.ts). */
export const STUDY_FILE = 'study.json';
/** Figure list, alt texts, the default sample, the self-test and the study summary. */
export const FIGURES_FILE = 'figures.json';
/** Lab 1's attention-quality study (tools/lib/attention-quality-study.ts). */
export const QUALITY_FILE = 'attention-quality.json';
/** Robustness curves of homework lab 3 (see src/lib/attack/robustness.ts). */
export const ROBUSTNESS_FILE = 'robustness.json';
