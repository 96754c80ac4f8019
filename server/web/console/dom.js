// Building the page from data without ever parsing it as HTML: elements made with
// createElement, every value appended as a text node.

// el('td', {class: 'count'}, 42): attributes as given (`on<event>` adds a listener,
// `true` an empty attribute, null/undefined/false none), children as nodes or as text.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// A table with a caption, column headers and rows of cells; a row's first cell is its
// header when `rowHeaders` is set. A cell is text, a node, or {value, class}.
export function table(caption, headers, rows, {rowHeaders = true, className} = {}) {
  const cell = (value, index) => {
    const spec = value !== null && typeof value === 'object' && !(value instanceof Node) ?
                     value : {value};
    const header = rowHeaders && index === 0;
    return el(header ? 'th' : 'td', {scope: header ? 'row' : null, class: spec.class},
              spec.value);
  };
  return el('table', {class: className},
            el('caption', {}, caption),
            el('thead', {}, el('tr', {}, headers.map((h) => el('th', {scope: 'col'}, h)))),
            el('tbody', {}, rows.map((row) => el('tr', {}, row.map(cell)))));
}

// A labelled bar of done / total (a <meter>, readable as text with CSS off).
export function bar(label, done, total) {
  return el('span', {class: 'bar'},
            el('meter', {min: 0, max: Math.max(total, 1), value: done, 'aria-label': label}),
            ` ${done} / ${total}`);
}

export function section(title, ...children) {
  return el('section', {}, el('h3', {}, title), ...children);
}

export function note(text) {
  return el('p', {class: 'note', role: 'status'}, text);
}
