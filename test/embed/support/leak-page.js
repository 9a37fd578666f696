// Served as /leak.js by embed.browser.test.ts to pages under the strict CSP. Drives
// full conversations against the reference backend (SSE bot, handoff hub over a
// WebSocket) and reports what was alive mid-way, so the test can check that
// destroy() brings every count back to where it started.
(function () {
  'use strict';

  function until(check, what) {
    return new Promise(function (resolve, reject) {
      var started = Date.now();
      (function poll() {
        if (check()) return resolve();
        if (Date.now() - started > 8000) return reject(new Error('timed out waiting for ' + what));
        setTimeout(poll, 20);
      })();
    });
  }

  var botReplies = function (chat) {
    return chat.state.messages.filter(function (m) {
      return m.author === 'bot';
    }).length;
  };

  // One conversation: open, greeting, a question and its answer, a request for a person, close, destroy.
  window.cycle = async function (options) {
    var api = window.HandoffChat;
    var chat = api.init({
      bot: api.transports.createSseTransport({ url: '/bot/sse' }),
      human: api.transports.createHandoffTransport({ url: '/hub' }),
      storageKey: 'leak-' + Math.random().toString(36).slice(2),
      vitals: options.vitals ? undefined : false,
    });
    chat.open();
    await until(function () {
      return botReplies(chat) >= 1;
    }, 'the greeting');
    chat.send('Where is my order?');
    await until(function () {
      return botReplies(chat) >= 2;
    }, 'the answer');
    chat.requestHuman('Checking that nothing leaks');
    await until(function () {
      return chat.state.connection.human === 'online' && chat.state.handoff.status !== 'requesting';
    }, 'the desk');
    var during = window.__resources();
    chat.close();
    chat.destroy();
    return during;
  };

  // The loader page: the site's tag with data attributes, added when the test says.
  window.addLoader = function () {
    var tag = document.createElement('script');
    tag.src = '/dist/handoff-chat.loader.js';
    var attributes = {
      'data-bot': 'sse',
      'data-bot-url': '/bot/sse',
      'data-human': 'handoff',
      'data-human-url': '/hub',
      'data-vitals': 'false',
      'data-load': 'eager',
      'data-storage-key': 'leak-tag',
    };
    Object.keys(attributes).forEach(function (name) {
      tag.setAttribute(name, attributes[name]);
    });
    document.head.appendChild(tag);
  };

  // The same conversation as `cycle`, through HandoffChat(...) commands only.
  window.chatThroughCommands = async function () {
    await until(function () {
      return typeof HandoffChat === 'function' && HandoffChat.version && HandoffChat('ready', function () {
        return true;
      });
    }, 'the widget');
    var chat = HandoffChat('ready', function (w) {
      return w;
    });
    HandoffChat('open');
    await until(function () {
      return botReplies(chat) >= 1;
    }, 'the greeting');
    HandoffChat('send', 'Can I change the due date?');
    await until(function () {
      return botReplies(chat) >= 2;
    }, 'the answer');
    HandoffChat('requestHuman', 'Checking that nothing leaks');
    await until(function () {
      return chat.state.connection.human === 'online' && chat.state.handoff.status !== 'requesting';
    }, 'the desk');
    HandoffChat('close');
    HandoffChat('destroy');
  };
})();
