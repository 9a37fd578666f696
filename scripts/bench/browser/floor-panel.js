// The bench's floor: the least a chat widget can be. A launcher button and a panel with a
// message log and a textarea, hand-written with Preact (the UMD build, `window.preact`), in
// a shadow root like a real widget, with no transports, no strings, no state beyond "open".
// Whatever the real widget costs beyond this is what its features cost.
(function () {
  var h = window.preact.h;
  var CSS =
    '.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;background:#0a5cd6;color:#fff;font:600 14px system-ui;cursor:pointer}' +
    '.panel{position:fixed;right:20px;bottom:88px;width:360px;height:480px;display:flex;flex-direction:column;background:#fff;border:1px solid #d0d5dd;border-radius:12px;font:14px system-ui}' +
    '.log{flex:1;overflow:auto;padding:12px}' +
    '.input{margin:12px;min-height:44px;font:inherit}';

  function Floor() {
    window.preact.Component.call(this);
    this.state = { open: false };
    this.input = null;
  }
  Floor.prototype = Object.create(window.preact.Component.prototype);
  Floor.prototype.componentDidUpdate = function (_, previous) {
    if (this.state.open && !previous.open && this.input) this.input.focus();
  };
  Floor.prototype.render = function (_, state) {
    var self = this;
    return h(
      'div',
      null,
      state.open
        ? h(
            'div',
            { class: 'panel', role: 'dialog', 'aria-label': 'Chat' },
            h('div', { class: 'log', role: 'log' }, h('p', null, 'Hi! How can we help?')),
            h('textarea', { class: 'input', 'aria-label': 'Message', ref: function (el) { self.input = el; } }),
          )
        : null,
      h(
        'button',
        {
          class: 'launcher',
          type: 'button',
          'aria-expanded': String(state.open),
          onClick: function () { self.setState({ open: !state.open }); },
        },
        'Chat',
      ),
    );
  };

  var host = document.createElement('div');
  host.id = 'floor-chat';
  var shadow = host.attachShadow({ mode: 'open' });
  var style = document.createElement('style');
  style.textContent = CSS;
  // Preact owns its container's children, so the style sits beside it, not inside.
  var container = document.createElement('div');
  shadow.append(style, container);
  document.body.appendChild(host);
  window.preact.render(h(Floor, null), container);
})();
