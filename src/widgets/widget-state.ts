// A widget's own URL parameters, prefixed with its key (?viewer.class=3&viewer.cmap=viridis).
import { readParam, writeParams } from '../runtime/url-state';

export class WidgetState {
  constructor(readonly key: string) {}

  get(name: string): string | null {
    return readParam(`${this.key}.${name}`);
  }

  set(values: Record<string, string | null>): void {
    writeParams(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${this.key}.${k}`, v])));
  }
}
