// DOM helpers of the reev web page. Every text is inserted as a text node, never parsed as HTML.

export const $ = (id) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`reev page: element #${id} is missing from index.html`);
  return found;
};

// ---------------------------------------------------------------- DOM helpers

/** An element with attributes and children; strings become text nodes (so they are never parsed as HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null).map(toNode));
  return node;
}

function toNode(child) {
  return child instanceof Node ? child : document.createTextNode(String(child));
}

export function setStatus(message) {
  $('page-status').textContent = message;
}

export function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
