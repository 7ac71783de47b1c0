// Bring your own weights: a .safetensors file saved from the lesson's PyTorch classes replaces
// the course weights in every widget on the page (the study reruns on them) and on the other
// lessons of this tab. It is validated first — size, header, keys, shapes, dtype, finite values
// and outputs — and nothing changes if it fails.
import { getModel, MODEL_LABELS, MODEL_NAMES } from '../lib/models/registry';
import {
  MAX_WEIGHTS_BYTES,
  onWeightsChange,
  restoreProblems,
  useCourseWeights,
  useCustomWeights,
  type ModelSession,
} from '../runtime/session';
import { MAX_FOLLOW_BYTES } from '../runtime/weights-store';
import { button, h } from './dom';
import { WidgetFrame } from './frame';
import { weightsField } from './weights-field';

export async function mount(host: HTMLElement): Promise<void> {
  const frame = new WidgetFrame(host, { label: 'Your own weights' });
  const session = await frame.session();

  const status = h('ul', { class: 'weights-status' });
  const inputs = MODEL_NAMES.map((model) =>
    weightsField(
      frame,
      `${MODEL_LABELS[model]} (${getModel(model).pytorchClass}) .safetensors`,
      async (file) => {
        const { notKept } = await useCustomWeights(model, file);
        return notKept === null
          ? `${file.name} passed every check; all widgets on this page and on the other lessons of this tab now use it.`
          : `${file.name} passed every check; all widgets on this page now use it, but not the other lessons: ${notKept}.`;
      },
      (file) => `${file.name} was not used; the page keeps its current weights.`,
    ),
  );
  const reset = button('Back to the course weights');
  reset.addEventListener(
    'click',
    () =>
      void frame.guard(async () => {
        await useCourseWeights();
        frame.setStatus('Every widget, here and on the other lessons, uses the course weights again.');
      }),
  );

  const show = (s: ModelSession) => {
    status.replaceChildren(
      ...MODEL_NAMES.map((model) => {
        const w = s.weights[model];
        return h('li', {
          text: `${MODEL_LABELS[model]}: ${w.kind === 'course' ? 'course weights' : 'your file'} ${w.name} (${(w.bytes / 1024).toFixed(0)} KB)`,
        });
      }),
    );
    reset.disabled = MODEL_NAMES.every((m) => s.weights[m].kind === 'course');
  };

  frame.body.append(
    h('p', {
      text: `Save a state_dict from the lesson's classes with safetensors.torch.save_file(model.state_dict(), "my.safetensors"). Files up to ${MAX_WEIGHTS_BYTES / 1048576} MB are read in this browser only: nothing is uploaded anywhere.`,
    }),
    h('p', {
      text: `Your weights follow you to the other lessons until you close this tab when the two files together are at most ${MAX_FOLLOW_BYTES / 1048576} MB (the course's are 0.24 and 1.8 MB): that is what a browser keeps for a tab. Larger files work on this page only.`,
    }),
    h('div', { class: 'widget-controls' }, ...inputs),
    status,
    h('div', { class: 'button-row' }, reset),
  );
  show(session);
  onWeightsChange(show);
  frame.ready();
  frame.setStatus('');
  // Kept weights that no longer pass (e.g. after a course update changed a layer) are said here.
  if (restoreProblems.length > 0) frame.showError(restoreProblems.join(' '));
}
