// A confirmation next to the control the reader used, with a "Show me" button that goes to the
// view it changed: on a long page (or a phone) the control and that view can be screens apart.
import { keepTargetInView } from './deep-link';
import { button, h } from './dom';

export class PickNote {
  readonly element: HTMLElement;
  readonly #text = h('span');
  #target: () => HTMLElement | null = () => null;

  constructor() {
    const showMe = button('Show me');
    this.element = h('p', { class: 'pick-note', role: 'status' }, this.#text, ' ', showMe);
    showMe.addEventListener('click', () => {
      const target = this.#target();
      if (!target) return;
      // It may start (and the widgets above it grow) only now that it comes near: stay on it.
      keepTargetInView(target);
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    });
  }

  /** Says `text` right after `near`; "Show me" then goes to what `target` returns. */
  show(text: string, near: Element, target: () => HTMLElement | null): void {
    this.#text.textContent = text;
    this.#target = target;
    near.after(this.element);
  }
}
