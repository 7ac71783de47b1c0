// A widget's own URL parameters, prefixed with its key (?viewer.class=3&viewer.cmap=viridis).
import { readParam, rejectParam, writeParams } from '../runtime/url-state';

export class WidgetState {
  constructor(readonly key: string) {}

  get(name: string): string | null {
    return readParam(`${this.key}.${name}`);
  }

  /**
   * One of `choices` (after mapping old spellings through `aliases`), else `fallback`; a value
   * that is present but unusable is removed from the URL and named in a notice.
   */
  choice<T extends string>(
    name: string,
    choices: readonly T[],
    fallback: T,
    describe: (v: T) => string = (v) => v,
    aliases: Readonly<Record<string, T>> = {},
  ): T {
    const raw = this.get(name);
    if (raw === null) return fallback;
    const value = Object.hasOwn(aliases, raw) ? aliases[raw] : raw;
    if ((choices as readonly string[]).includes(value)) return value as T;
    rejectParam(`${this.key}.${name}`, raw, describe(fallback));
    return fallback;
  }

  set(values: Record<string, string | null>): void {
    writeParams(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${this.key}.${k}`, v])));
  }
}
