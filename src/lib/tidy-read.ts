// tf.tidy for code that reads tensors out as plain data. tf.tidy inspects what its callback
// returns for tensors to keep, walking typed arrays element by element (2 s for one batch of
// Grad-CAM activations); plain results leave through a closure instead, so tidy sees nothing.
import * as tf from '@tensorflow/tfjs-core';

/** Runs `read` inside tf.tidy (every tensor it makes is disposed) and returns its plain result. */
export function tidyRead<T>(read: () => T): T {
  let result: T | undefined;
  tf.tidy(() => {
    result = read();
  });
  return result as T;
}
