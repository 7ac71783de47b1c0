// Building DOM without innerHTML: data (file names, labels, numbers) only ever becomes text.
type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

let counter = 0;
/** A page-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled <select>. */
export function selectField(
  label: string,
  options: readonly { value: string; text: string }[],
  value: string,
): { field: HTMLElement; select: HTMLSelectElement } {
  const id = uid('select');
  const select = h('select', { id });
  for (const o of options) select.append(h('option', { value: o.value, text: o.text }));
  select.value = value;
  return { field: h('div', { class: 'field' }, h('label', { for: id, text: label }), select), select };
}

/** A labelled checkbox. */
export function checkboxField(label: string, checked: boolean): { field: HTMLElement; input: HTMLInputElement } {
  const id = uid('check');
  const input = h('input', { id, type: 'checkbox' });
  input.checked = checked;
  return { field: h('div', { class: 'field field--check' }, input, h('label', { for: id, text: label })), input };
}

export function button(text: string, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'button', ...attrs, text });
}

/** Saves bytes or text as a download. */
export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
