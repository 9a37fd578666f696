// Sets up the chat widget of the demo shop. It lives in its own file because the page's
// Content-Security-Policy allows no inline script.
(function () {
  'use strict';

  var notice = document.getElementById('widget-notice');
  var chat = window.HandoffChat;
  var transports = chat && chat.transports;
  var ready =
    chat &&
    typeof chat.init === 'function' &&
    transports &&
    typeof transports.createSseTransport === 'function' &&
    typeof transports.createHandoffTransport === 'function';

  if (!ready) {
    // Say what is wrong on the page itself: a newcomer running the demo may not open the console.
    notice.textContent =
      'The chat widget could not start: dist/handoff-chat.iife.js is missing or older than this demo. Run "npm run build" and reload.';
    notice.hidden = false;
    return;
  }

  var socketScheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  try {
    window.fernwayChat = chat.init({
      bot: transports.createSseTransport({ url: '/bot/sse' }),
      human: transports.createHandoffTransport({ url: socketScheme + '//' + location.host + '/hub' }),
    });
  } catch (error) {
    notice.textContent = 'The chat widget could not start: ' + (error && error.message ? error.message : String(error));
    notice.hidden = false;
    throw error;
  }
})();
