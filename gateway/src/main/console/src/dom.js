// Small DOM helpers: elements are built with properties and text nodes only (no HTML strings from API data).

let ids = 0;

/** h('a', {href: '#'}, 'text', child...): an element; on* attributes become listeners, booleans properties. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === '') continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  if (tag === 'textarea' && children.length) el.value = children.flat().join('');
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A labelled read-only field with a copy button (and a reveal toggle when secret). */
export function copyField(label, value, { id = `copy-${++ids}`, secret = false } = {}) {
  const input = h('input', { id, readonly: true, value, type: secret ? 'password' : 'text', spellcheck: 'false' });
  const copy = h('button', { type: 'button', 'aria-label': `Copy ${label}` }, 'Copy');
  copy.onclick = async () => {
    try { await navigator.clipboard.writeText(value); } catch { input.type = 'text'; input.select(); document.execCommand('copy'); }
    copy.textContent = 'Copied';
    setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
  };
  const row = h('div', { class: 'copy' }, input);
  if (secret) {
    const reveal = h('button', { type: 'button', id: `${id}-reveal`, 'aria-pressed': 'false' }, 'Reveal');
    reveal.onclick = () => {
      const hidden = input.type === 'password';
      input.type = hidden ? 'text' : 'password';
      reveal.textContent = hidden ? 'Hide' : 'Reveal';
      reveal.setAttribute('aria-pressed', String(hidden));
    };
    row.append(reveal);
  }
  row.append(copy);
  return h('div', { class: 'field' }, h('label', { for: id }, label), row);
}

/** An API error as AWS gave it: error code, HTTP status, message and request id. */
export function errorText(e) {
  const m = e && e.$metadata;
  if (m && m.httpStatusCode) {
    return `${e.name} (HTTP ${m.httpStatusCode}): ${e.message}${m.requestId ? `\nRequest ID: ${m.requestId}` : ''}`;
  }
  return `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`;
}

export function fmtTime(t) {
  if (!t) return '–';
  const d = t instanceof Date ? t : new Date(t);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function badge(text) {
  return h('span', { class: `badge ${text}` }, text);
}
