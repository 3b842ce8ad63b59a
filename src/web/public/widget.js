// @ts-check
// The chat bubble for another site's pages: <script src="https://HUB/widget.js" async></script> adds a
// button at the bottom right that opens the hub's chat page in a frame. The hub lets only the origins
// of WIDGET_ORIGINS frame that page (CSP frame-ancestors), so this script does nothing useful elsewhere.
// No inline code or style sheet: styles are set through the DOM, which a page's CSP does not block.
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || document.getElementById('relais-bubble')) return;
  const hub = new URL(script.src).origin;
  const english = /^en\b/i.test(document.documentElement.lang || '');
  const words = english
    ? { open: 'Chat with the police or gendarmerie', close: 'Close the chat', title: 'Police and gendarmerie chat' }
    : { open: 'Contacter la police ou la gendarmerie par tchat', close: 'Fermer le tchat', title: 'Tchat de la police et de la gendarmerie' };

  const frame = document.createElement('iframe');
  frame.id = 'relais-frame';
  frame.title = words.title;
  frame.hidden = true;
  Object.assign(frame.style, {
    position: 'fixed',
    right: '16px',
    bottom: '88px',
    width: 'min(400px, calc(100vw - 32px))',
    height: 'min(640px, calc(100vh - 112px))',
    border: '1px solid #929292',
    borderRadius: '8px',
    boxShadow: '0 4px 16px rgba(0, 0, 0, 0.25)',
    background: '#fff',
    zIndex: '2147483646',
  });

  const button = document.createElement('button');
  button.id = 'relais-bubble';
  button.type = 'button';
  button.setAttribute('aria-controls', frame.id);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', words.open);
  button.title = words.open;
  button.textContent = '\u{1F4AC}';
  Object.assign(button.style, {
    position: 'fixed',
    right: '16px',
    bottom: '16px',
    width: '60px',
    height: '60px',
    borderRadius: '50%',
    border: '2px solid #fff',
    background: '#000091',
    color: '#fff',
    fontSize: '28px',
    lineHeight: '1',
    cursor: 'pointer',
    boxShadow: '0 2px 8px rgba(0, 0, 0, 0.35)',
    zIndex: '2147483647',
  });
  // A visible focus ring whatever the page's own styles say.
  button.addEventListener('focus', () => {
    button.style.outline = '3px solid #fff';
    button.style.boxShadow = '0 0 0 6px #000091';
  });
  button.addEventListener('blur', () => {
    button.style.outline = '';
    button.style.boxShadow = '0 2px 8px rgba(0, 0, 0, 0.35)';
  });

  /** @param {boolean} open */
  function show(open) {
    // The chat page loads on the first opening only: a page that never opens it costs the hub nothing.
    if (open && !frame.src) frame.src = `${hub}/`;
    frame.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', open ? words.close : words.open);
    button.title = open ? words.close : words.open;
    button.textContent = open ? '\u2715' : '\u{1F4AC}';
    if (open) frame.focus();
  }

  button.addEventListener('click', () => show(frame.hidden));
  // Escape on the page closes the chat and gives the focus back to the bubble.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !frame.hidden) {
      show(false);
      button.focus();
    }
  });

  // An async script in <head> may run before <body> exists.
  const mount = () => document.body.append(frame, button);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
