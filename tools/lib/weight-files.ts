import type { ModelName } from '../../src/lib/models/specs';

/** File names of the published weights inside pretrained/ (and on the site under /pretrained/). */
export const WEIGHT_FILES: Readonly<Record<ModelName, string>> = {
  attention: 'attention-cnn.safetensors',
  traditional: 'traditional-cnn.safetensors',
};

export const PYTORCH_CLASSES: Readonly<Record<ModelName, string>> = {
  attention: 'MNIST_CAM_Attention_CNN',
  traditional: 'Traditional_MNIST_CNN',
};
