// One .safetensors file input with its label, as both weights loaders use it: the file is checked
// by `use` (which throws with the problems listed, or SupersededError when a later choice took
// over), progress and the outcome are said in the widget's status line, an error appears right
// after the field, and the input is cleared so the same file can be chosen again.
import { SupersededError } from '../runtime/session';
import { h, uid } from './dom';
import type { WidgetFrame } from './frame';

export function weightsField(
  frame: WidgetFrame,
  label: string,
  use: (file: File) => Promise<string>,
  notUsed: (file: File) => string,
): HTMLElement {
  const id = uid('weights');
  const input = h('input', { id, type: 'file', accept: '.safetensors' });
  const field = h('div', { class: 'field' }, h('label', { for: id, text: label }), input);
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    void frame.guard(async () => {
      frame.setStatus(`Checking ${file.name}…`);
      try {
        frame.setStatus(await use(file));
      } catch (error) {
        if (error instanceof SupersededError) return; // a later file or the reset took over
        frame.setStatus(notUsed(file));
        throw error;
      } finally {
        input.value = '';
      }
    }, field);
  });
  return field;
}
