// Lab 1's weights loader: for each variant, the committed file to download (it loads in the
// lesson's PyTorch class with load_state_dict(strict=True)) and a file input for the reader's own
// state_dict of that class. A file that passes every check replaces that model's weights in every
// lab widget on this page; the attention-quality table recomputes its row. Nothing changes if a
// check fails.
import { getModel, LAB_MODEL_IDS, type ModelId } from '../lib/models/registry';
import { labWeightsSource, onLabWeightsChange, useCommittedLabWeights, useLabWeights } from '../runtime/lab-models';
import { MAX_WEIGHTS_BYTES } from '../runtime/session';
import { button, h } from './dom';
import { WidgetFrame } from './frame';
import { weightsField } from './weights-field';

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Your own weights for the lab models' });
  await frame.session();

  const states = new Map<ModelId, HTMLElement>();
  const rows = LAB_MODEL_IDS.map((model) => {
    const definition = getModel(model);
    const state = h('span', { class: 'lab-weights-state' });
    states.set(model, state);
    const field = weightsField(
      frame,
      `${definition.label} (${definition.pytorchClass}) .safetensors`,
      async (file) => {
        await useLabWeights(model, file);
        return `${file.name} passed every check; the ${definition.label} on this page now uses it.`;
      },
      (file) => `${file.name} was not used; the ${definition.label} keeps its current weights.`,
    );
    return h(
      'li',
      { class: 'lab-weights-row' },
      field,
      h('a', {
        href: `${import.meta.env.BASE_URL}pretrained/${definition.weightsFile}`,
        download: definition.weightsFile,
        text: `Download the committed ${definition.weightsFile}`,
      }),
      ' ',
      state,
    );
  });

  const reset = button('Back to the committed lab weights');
  reset.addEventListener('click', () => {
    useCommittedLabWeights();
    frame.setStatus('Every lab model on this page uses its committed weights again.');
  });

  const show = () => {
    for (const [model, state] of states) {
      const source = labWeightsSource(model);
      state.textContent = source
        ? `In use: your file ${source.name} (${(source.bytes / 1024).toFixed(0)} KB, sha256 ${source.sha256.slice(0, 12)}…)`
        : 'In use: the committed weights';
    }
    reset.disabled = LAB_MODEL_IDS.every((m) => labWeightsSource(m) === null);
  };

  frame.body.append(
    h('p', {
      text: `Save a state_dict from the lab's classes with safetensors.torch.save_file(model.state_dict(), "my.safetensors") and choose it for that model. Files up to ${MAX_WEIGHTS_BYTES / 1048576} MB are read in this browser only: nothing is uploaded anywhere. They stay for this page only; the course weights loader on the other lessons is for the course's two networks.`,
    }),
    h('ul', { class: 'lab-weights-list' }, ...rows),
    h('div', { class: 'button-row' }, reset),
  );
  show();
  onLabWeightsChange(show);
  frame.ready();
  frame.setStatus('');
}
