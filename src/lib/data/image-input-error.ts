// The one error type for problems with the reader's image (CLI file or browser upload).

/** Every problem with the user's image, with a one-line message fit to show as is. */
export class ImageInputError extends Error {
  override name = 'ImageInputError';
}
