// Lab 2's saved models: every finished run, kept in this browser (src/runtime/trained-models-store.ts),
// listed with its name, date, network, dataset and test accuracy, each with Download, Use in all
// widgets and Delete. Feedback appears in the row the reader used; a save that had to remove
// older models says which. Where the browser keeps nothing, the list says so and the rest works.
import { getModel } from '../lib/models/registry';
import {
  openTrainedModels,
  TRAINED_MODELS_CAP,
  type NewTrainedModel,
  type TrainedModelsStore,
  type TrainedModelSummary,
} from '../runtime/trained-models-store';
import { SupersededError } from '../runtime/session';
import { button, download, errorMessage, h } from './dom';
import { DATASET_LABELS } from './train-settings';
import { unusableReason, useTrainedWeights } from './train-weights';

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const when = (iso: string) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });

export class SavedModels {
  readonly element: HTMLElement;
  readonly #status = h('p', { class: 'widget-status', role: 'status', 'aria-live': 'polite' });
  readonly #list = h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'List of kept runs' });
  #store: TrainedModelsStore | null = null;
  #ready: Promise<void>;

  constructor() {
    this.element = h(
      'section',
      { class: 'train-saved', 'aria-label': 'Saved models' },
      h('h3', { class: 'widget-subtitle', text: 'Saved models' }),
      h('p', {
        class: 'widget-summary',
        text: `Every finished run is kept in this browser (nothing is uploaded): at most ${TRAINED_MODELS_CAP.count} models or ${TRAINED_MODELS_CAP.bytes / 1048576} MB; past that, the oldest is removed.`,
      }),
      this.#status,
      this.#list,
    );
    this.#ready = this.#open();
  }

  async #open(): Promise<void> {
    const opened = await openTrainedModels();
    if (!opened.store) {
      this.element.setAttribute('data-store', 'none');
      this.#status.textContent = `This browser keeps no trained models (${opened.problem}); download a run's weights to keep them.`;
      return;
    }
    this.#store = opened.store;
    this.element.setAttribute('data-store', 'indexeddb');
    await this.#refresh();
  }

  /** Keeps a finished run; says where it went and what had to go. */
  async save(model: NewTrainedModel): Promise<void> {
    await this.#ready;
    if (!this.#store) return;
    try {
      const { saved, removed } = await this.#store.save(model);
      this.#status.textContent =
        `Saved ${saved.name} in this browser.` +
        (removed.length
          ? ` To stay within ${TRAINED_MODELS_CAP.count} models and ${TRAINED_MODELS_CAP.bytes / 1048576} MB, removed the oldest: ${removed.map((r) => `${r.name} (${when(r.date)})`).join(', ')}.`
          : '');
    } catch (error) {
      this.#status.textContent = `${model.name} was not saved in this browser: ${errorMessage(error)}. Download it to keep it.`;
    }
    await this.#refresh();
  }

  async #refresh(): Promise<void> {
    if (!this.#store) return;
    let models: TrainedModelSummary[];
    try {
      models = await this.#store.list();
    } catch (error) {
      this.#status.textContent = `The saved models could not be read: ${errorMessage(error)}`;
      return;
    }
    this.element.setAttribute('data-count', String(models.length));
    if (models.length === 0) {
      this.#list.replaceChildren(h('p', { class: 'widget-summary', text: 'No saved models yet: finish a run and it appears here.' }));
      return;
    }
    const head = ['name', 'finished', 'network, dataset', 'seed', 'test accuracy', 'actions'];
    this.#list.replaceChildren(
      h(
        'table',
        { class: 'train-saved__table' },
        h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, ...models.map((m) => this.#row(m))),
      ),
    );
  }

  #row(m: TrainedModelSummary): HTMLElement {
    const store = this.#store!;
    const feedback = h('span', { class: 'train-saved__feedback', role: 'status' });
    const say = (text: string, failed = false) => {
      feedback.textContent = text;
      feedback.classList.toggle('is-error', failed);
    };
    const files = async () => {
      const f = await store.files(m.id);
      if (!f) throw new Error('its files are no longer in this browser (removed in another tab?)');
      return f;
    };
    const get = button('Download', { 'aria-label': `Download ${m.name}` });
    get.addEventListener('click', () => {
      files().then(
        (f) => download(m.name, new Blob([f.safetensors as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' })),
        (error: unknown) => say(`Not downloaded: ${errorMessage(error)}`, true),
      );
    });
    const getCard = button('Model card', { 'aria-label': `Download the model card of ${m.name}` });
    getCard.addEventListener('click', () => {
      files().then(
        (f) => download(m.name.replace(/\.safetensors$/, '.card.json'), new Blob([f.card], { type: 'application/json' })),
        (error: unknown) => say(`Not downloaded: ${errorMessage(error)}`, true),
      );
    });
    const why = unusableReason(m);
    const use = button('Use in all widgets', { 'aria-label': `Use ${m.name} in all widgets`, disabled: why !== null });
    use.addEventListener('click', () => {
      say(`Checking ${m.name}…`);
      files()
        .then((f) =>
          useTrainedWeights(m, new File([f.safetensors as Uint8Array<ArrayBuffer>], m.name, { type: 'application/octet-stream' })),
        )
        .then(
          (text) => say(text),
          (error: unknown) => {
            if (error instanceof SupersededError) say(`${m.name} was not used: a later choice of weights replaced it.`);
            else say(`${m.name} was not used: ${errorMessage(error)}`, true);
          },
        );
    });
    const remove = button('Delete', { 'aria-label': `Delete ${m.name}` });
    remove.addEventListener('click', () => {
      store.delete(m.id).then(
        async () => {
          this.#status.textContent = `Deleted ${m.name} (${when(m.date)}).`;
          await this.#refresh();
        },
        (error: unknown) => say(`Not deleted: ${errorMessage(error)}`, true),
      );
    });
    return h(
      'tr',
      { 'data-sha256': m.sha256 },
      h('th', { scope: 'row', text: m.name }),
      h('td', { text: when(m.date) }),
      h('td', { text: `${getModel(m.model).label}, ${DATASET_LABELS[m.dataset]}` }),
      h('td', { text: String(m.seed) }),
      h('td', { text: pct(m.testAccuracy) }),
      h(
        'td',
        {},
        h('span', { class: 'button-row' }, get, getCard, use, remove),
        why ? h('span', { class: 'train-field__hint', text: why }) : null,
        feedback,
      ),
    );
  }
}
