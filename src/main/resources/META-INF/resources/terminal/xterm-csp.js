// xterm.js 6 under a strict style-src 'self' (ADR 0031). Its DOM renderer keeps its theme and cell sizes in
// <style> elements it fills with textContent, which the CSP blocks (inline styles): the terminal would render
// without row heights or colours. While the terminal opens, its document's createElement('style') hands out an
// inert <chaperone-style> element instead (hidden by terminal.css); whatever xterm writes into it is copied into a
// constructed stylesheet (CSSOM, which the CSP allows) adopted by the document, and dropped when xterm removes it.
// Nothing else is patched: element.style assignments xterm makes are CSSOM too, and cell colours stay classes as
// long as the terminal gets no true-colour sequences (the page never writes any) and minimumContrastRatio stays 1.

class ChaperoneStyle extends HTMLElement {
  connectedCallback() {
    this.sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
    this.copy();
    this.observer = new MutationObserver(() => this.copy());
    this.observer.observe(this, { childList: true, characterData: true, subtree: true });
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }

  copy() {
    this.sheet?.replaceSync(this.textContent ?? '');
  }
}

if (!customElements.get('chaperone-style')) customElements.define('chaperone-style', ChaperoneStyle);

/** Runs `open()` (xterm's term.open) with <style> elements turned into constructed stylesheets. */
export function openUnderCsp(open) {
  const original = Document.prototype.createElement;
  Document.prototype.createElement = function createElement(name, options) {
    return String(name).toLowerCase() === 'style'
      ? original.call(this, 'chaperone-style')
      : original.call(this, name, options);
  };
  try {
    return open();
  } finally {
    Document.prototype.createElement = original;
  }
}
