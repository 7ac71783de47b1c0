// Registers every widget tag. Each widget's code (and tfjs) is a separate chunk, fetched only
// when one of its elements nears the viewport.
import { defineLazyWidget } from './lazy-element';

defineLazyWidget('digit-input', () => import('./digit-input'));
defineLazyWidget('weights-loader', () => import('./weights-loader'));
defineLazyWidget('architecture-explorer', () => import('./architecture-explorer'));
defineLazyWidget('training-curves', () => import('./training-curves'));
defineLazyWidget('attention-viewer', () => import('./attention-viewer'));
defineLazyWidget('method-comparison', () => import('./method-comparison'));
defineLazyWidget('test-set-study', () => import('./test-set-study'));
defineLazyWidget('variant-gallery', () => import('./variant-gallery'));
defineLazyWidget('attention-quality', () => import('./attention-quality'));
defineLazyWidget('class-average-maps', () => import('./class-average-maps'));
defineLazyWidget('lab-weights-loader', () => import('./lab-weights-loader'));
defineLazyWidget('adversarial-attack', () => import('./adversarial-attack'));
defineLazyWidget('train-in-browser', () => import('./train-in-browser'));
