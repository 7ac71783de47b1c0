// Where a CLI may write its --png figure: never over the input image, and over another existing
// file only with --force. Shared by explain and attack.
import { existsSync, realpathSync } from 'node:fs';
import { UsageError } from './cli-args';

export function checkPngTarget(png: string, input: string, force: boolean): void {
  if (!existsSync(png)) return;
  if (existsSync(input) && realpathSync(png) === realpathSync(input))
    throw new UsageError(`--png ${png} is the input image; refusing to overwrite it`);
  if (!force) throw new UsageError(`--png ${png} already exists; add --force to replace it`);
}
