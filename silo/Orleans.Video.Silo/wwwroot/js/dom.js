// Small DOM helpers shared by the views.

export const byId = (id) => document.getElementById(id);

/** Sets text only when it differs: rewriting a live region with the same words can make a screen reader repeat them. */
export function setText(element, text) {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

/** An element with a class and text, for rows built in code. */
export function element(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

/**
 * Puts the cameras into a drop-down, keeping its choice (or else <fallback>) while that camera exists; <any> adds a
 * first option with an empty value ("Any camera"). False when the list was already these cameras.
 */
export function fillCameraSelect(select, ids, { fallback = null, any = null } = {}) {
  const current = select.value || fallback;
  const wanted = any === null ? ids : ['', ...ids];
  const existing = [...select.options].map((option) => option.value);
  if (existing.length === wanted.length && existing.every((id, i) => id === wanted[i])) {
    return false;
  }
  const options = ids.map((id) => new Option(id, id));
  select.replaceChildren(...(any === null ? options : [new Option(any, ''), ...options]));
  if (wanted.includes(current ?? '')) {
    select.value = current ?? '';
  }
  return true;
}

/** Marks an input invalid, points it at the message that says why, and focuses it. */
export function markInvalid(input, messageId) {
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', messageId);
    input.focus();
  }
}

export function clearInvalid(container) {
  for (const input of container.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
}
