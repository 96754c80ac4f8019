// Live updates: one EventSource on /api/v1/events. Each `commit` event (also sent on every
// connect, so a reconnect catches up) calls onCommit; the status line says whether the
// page is live or reconnecting (EventSource reconnects by itself).
export function subscribe(status, onCommit) {
  const source = new EventSource('/api/v1/events');
  const show = (state, text) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  show('connecting', 'Connecting for live updates…');
  source.addEventListener('open', () => show('live', 'Live'));
  source.addEventListener('error', () => show('reconnecting', 'Reconnecting…'));
  source.addEventListener('commit', (event) => {
    let commit = {};
    try {
      commit = JSON.parse(event.data);
    } catch {
      commit = {};
    }
    show('live', `Live · log length ${commit.log_length ?? '?'}`);
    document.body.dataset.logLength = String(commit.log_length ?? '');
    onCommit(commit);
  });
  return source;
}
