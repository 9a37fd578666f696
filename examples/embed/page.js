// The page's own chat set-up for the script-tag edition. It runs before the loader
// (both are `defer`, in document order), so the widget is not there yet: the async
// snippet's queue keeps every call and the widget replays them, in order, on load.
window.HandoffChat =
  window.HandoffChat ||
  function () {
    (window.HandoffChat.q = window.HandoffChat.q || []).push(arguments);
  };

// Facts for the agent, read when the customer asks for a person.
HandoffChat('context', { page: 'script-tag edition', cartValue: 129 });

// Tell the page when a person joins, e.g. to pause a promotion pop-up.
HandoffChat('on', 'agent:joined', function (event) {
  document.getElementById('chat-status').textContent = event.agent.name + ' from our team is chatting with you.';
});
HandoffChat('on', 'handoff:ended', function () {
  document.getElementById('chat-status').textContent = 'Your chat with our team has ended.';
});
