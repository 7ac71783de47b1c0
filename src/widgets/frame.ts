// The chrome every live widget shares: a toolbar (backend badge, copy link, exports), a status
// line for progress, an alert for errors, and the body the widget draws into. The build-time
// static figure stays visible until the live widget has drawn, and whenever it cannot.
import { BACKEND_LABELS } from '../runtime/backend-choice';
import type { BackendReport } from '../runtime/backends';
import { ensureInput } from '../runtime/initial-input';
import { inputStore, type DigitInput } from '../runtime/input-store';
import { getSession, onWeightsChange, useCourseWeights, type ModelSession } from '../runtime/session';
import { MODEL_LABELS, type ModelName } from '../lib/models/registry';
import { linkTo } from '../runtime/url-state';
import { button, errorMessage, h } from './dom';
import { showUrlNotices } from './url-notices';

export class WidgetFrame {
  readonly host: HTMLElement;
  readonly body: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly #live: HTMLElement;
  readonly #status: HTMLElement;
  readonly #error: HTMLElement;
  readonly #badge: HTMLElement;
  readonly #weights: HTMLElement;
  readonly #weightsText: HTMLElement;
  #request = 0;

  constructor(host: HTMLElement, options: { label: string }) {
    this.host = host;
    showUrlNotices();
    this.#badge = h('span', { class: 'backend-badge' });
    // "Your weights: …" on every widget that computes with the reader's own file, with a way back.
    this.#weightsText = h('span');
    const back = button('Use the course weights', { class: 'button button--small' });
    back.addEventListener('click', () => void this.guard(() => useCourseWeights()));
    this.#weights = h('span', { class: 'weights-badge', hidden: true }, this.#weightsText, ' ', back);
    this.toolbar = h(
      'div',
      { class: 'widget-toolbar', role: 'toolbar', 'aria-label': `${options.label} tools` },
      this.#badge,
      this.#weights,
    );
    this.#status = h('p', { class: 'widget-status', role: 'status', 'aria-live': 'polite' });
    this.#error = h('p', { class: 'widget-error', role: 'alert', hidden: true });
    this.body = h('div', { class: 'widget-body' });
    this.#live = h(
      'div',
      { class: 'widget-live', 'aria-label': options.label, role: 'region' },
      this.toolbar,
      this.#status,
      this.#error,
      this.body,
    );
    host.append(this.#live);
    host.setAttribute('data-state', 'loading');
    if (host.id) this.toolbar.append(this.#copyLinkButton(host.id));
  }

  /**
   * The page's model session (starting it if this is the first widget), with the badge filled in.
   * A failure is shown in this widget, then rethrown so the widget stops there.
   */
  async session(): Promise<ModelSession> {
    this.setStatus('Loading TensorFlow.js and the weights, then checking the backend against the model card…');
    try {
      const session = await getSession();
      this.showBackend(session.backend);
      this.#showWeights(session);
      onWeightsChange((next) => this.#showWeights(next));
      return session;
    } catch (error) {
      this.setStatus('');
      this.showError(error);
      throw error;
    }
  }

  /**
   * Calls `explain` with the page's digit and the current weights now and whenever either
   * changes, then shows the live widget. Errors show in this widget.
   */
  async follow(session: ModelSession, explain: (input: DigitInput, session: ModelSession) => void | Promise<void>): Promise<void> {
    let current = session;
    let input: DigitInput | null = null;
    let latest: Promise<unknown> = Promise.resolve();
    const run = () => {
      if (input) latest = this.guard(() => explain(input!, current));
    };
    inputStore.subscribe((next) => {
      input = next;
      run();
    });
    onWeightsChange((next) => {
      current = next;
      run();
    });
    await ensureInput(session.pageData);
    // Live only once the first explanation has drawn; if it failed, the static figure stays.
    await latest;
    this.setStatus('');
    if (!this.#error.hidden) {
      this.host.setAttribute('data-state', 'error');
      return;
    }
    this.ready();
  }

  /**
   * Starts a new computation and returns its check: true while no newer computation has begun.
   * A widget tests it after every await and drops a result that is no longer current.
   */
  begin(): () => boolean {
    const id = ++this.#request;
    return () => id === this.#request;
  }

  /** Records what the widget now shows (digit, class, method, weights) for tests and tools. */
  showing(state: Record<string, string | number | null>): void {
    this.host.setAttribute('data-showing', JSON.stringify(state));
  }

  showBackend(report: BackendReport): void {
    const skipped = report.attempts.filter((a) => a.outcome !== 'used');
    const why =
      report.forced === report.backend
        ? 'requested with ?backend='
        : skipped.length === 0
          ? 'the best backend here'
          : skipped.map((a) => `${BACKEND_LABELS[a.backend]} ${a.outcome}: ${a.reason}`).join('; ');
    this.#badge.textContent = `Runs on ${report.label}`;
    this.#badge.title = why;
    this.#badge.setAttribute('data-backend', report.backend);
    const details = h('span', { class: 'sr-only', text: ` (${why})` });
    this.#badge.append(details);
  }

  #showWeights(session: ModelSession): void {
    const custom = (Object.keys(session.weights) as ModelName[]).filter((m) => session.weights[m].kind === 'custom');
    this.#weights.hidden = custom.length === 0;
    this.#weightsText.textContent = `Your weights: ${custom.map((m) => `${session.weights[m].name} (${MODEL_LABELS[m]})`).join(', ')}`;
  }

  /** Shows the live widget in place of the static figure. */
  ready(): void {
    for (const fallback of this.host.querySelectorAll<HTMLElement>(':scope > .widget-fallback'))
      fallback.classList.add('widget-fallback--replaced');
    this.host.setAttribute('data-state', 'ready');
  }

  setStatus(text: string): void {
    this.#status.textContent = text;
  }

  /**
   * Shows (or with null clears) an error in this widget only; the rest of the page carries on.
   * With `near`, the error appears right after that control (on a phone the top of a tall widget
   * is far above the control the reader just used) and is scrolled into view.
   */
  showError(error: unknown | null, near?: Element): void {
    if (error === null) {
      this.#error.hidden = true;
      this.#error.textContent = '';
      if (this.#error.previousElementSibling !== this.#status) this.#status.after(this.#error);
      return;
    }
    if (near) near.after(this.#error);
    else if (this.#error.previousElementSibling !== this.#status) this.#status.after(this.#error);
    this.#error.hidden = false;
    this.#error.textContent = errorMessage(error);
    if (near) this.#error.scrollIntoView({ block: 'nearest' });
  }

  /** Runs `task`, reporting a failure in this widget (after `near`, if given) instead of breaking the page. */
  async guard<T>(task: () => Promise<T> | T, near?: Element): Promise<T | undefined> {
    try {
      const result = await task();
      this.showError(null);
      return result;
    } catch (error) {
      this.showError(error, near);
      return undefined;
    }
  }

  addButton(text: string, onClick: () => void | Promise<void>, attrs: Record<string, string> = {}): HTMLButtonElement {
    const b = button(text, attrs);
    b.addEventListener('click', () => void this.guard(onClick));
    this.toolbar.append(b);
    return b;
  }

  #copyLinkButton(id: string): HTMLButtonElement {
    const b = button('Copy link', { 'aria-label': 'Copy a link to this widget in its current state' });
    b.addEventListener('click', () => {
      const link = linkTo(id);
      const done = () => this.setStatus(`Link copied: ${link}`);
      if (navigator.clipboard?.writeText) navigator.clipboard.writeText(link).then(done, () => this.setStatus(`Copy this link: ${link}`));
      else this.setStatus(`Copy this link: ${link}`);
    });
    return b;
  }
}
