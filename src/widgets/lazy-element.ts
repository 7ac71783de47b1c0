// The only widget code a lesson page loads up front: a custom element that waits until it comes
// near the viewport, then imports its widget module (and with it tfjs) and mounts it. Until then
// — and without JavaScript, and in print — the element shows its build-time static figure.
import { whenNear } from '../runtime/when-near';
import { keepHashTargetInView } from './deep-link';

export interface WidgetModule {
  mount(host: HTMLElement): Promise<void> | void;
}

export function defineLazyWidget(tag: string, load: () => Promise<WidgetModule>): void {
  if (customElements.get(tag)) return;
  keepHashTargetInView();
  customElements.define(
    tag,
    class extends HTMLElement {
      #started = false;
      connectedCallback(): void {
        if (this.#started) return;
        this.#started = true;
        whenNear(this, () => {
          this.setAttribute('data-state', 'loading');
          load()
            .catch(() => {
              throw new Error('its code could not be downloaded (the network request failed; are you offline?)');
            })
            .then((module) => module.mount(this))
            .catch((error: unknown) => {
              this.setAttribute('data-state', 'error');
              // The widget may already say what went wrong; say it once.
              if (this.querySelector('.widget-error:not([hidden])')) return;
              const note = document.createElement('p');
              note.className = 'widget-error';
              note.setAttribute('role', 'alert');
              note.textContent = `This live figure could not start: ${error instanceof Error ? error.message : String(error)}. The static figure still shows a worked example.`;
              this.append(note);
            });
        });
      }
    },
  );
}
