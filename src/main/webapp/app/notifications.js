// The notifications view and the unread count in the header, live in every window of the person:
// each window follows the notifications feed and the notifications marker, and shows the count the
// service keeps (it counts only notifications that still exist).
const $ = (id) => document.getElementById(id);

export function notifications({ feedline, api, el, openFeed, showTimeline, attempt }) {
  const state = { open: false, next: null, shown: new Map(), marker: null, counting: null };

  function describe(n) {
    switch (n.type) {
      case 'like':
        return 'liked your post';
      case 'follow':
        return 'followed you';
      case 'mention':
        return 'mentioned you';
      case 'reply':
        return 'replied to your post';
      default:
        return n.type;
    }
  }

  function render(n) {
    const item = el('li', { className: 'post notification', id: `notification-${n.id}` });
    item.dataset.type = n.type;
    const actor = el('button', { type: 'button', className: 'author' }, `@${n.actor}`);
    actor.setAttribute('aria-label', `Open @${n.actor}'s posts`);
    actor.addEventListener('click', () => openFeed(`user:${n.actor}`));
    const when = el('time', { dateTime: n.createdAt }, new Date(n.createdAt).toLocaleString());
    item.append(el('header', {}, actor, ` ${describe(n)} `, when));
    if (n.post) item.append(el('p', { className: 'text' }, n.post.text));
    return item;
  }

  function showCount() {
    const count = $('notification-count');
    const marker = state.marker;
    const unread = marker ? marker.unread : 0;
    count.hidden = unread === 0;
    count.dataset.unread = String(unread);
    count.textContent = `${unread}${marker?.unreadCapped ? '+' : ''}`;
    $('open-notifications').setAttribute(
      'aria-label',
      unread === 0 ? 'Notifications, none unread' : `Notifications, ${count.textContent} unread`,
    );
  }

  /** Asks the service for the count: one request at a time, again if something changed meanwhile. */
  async function recount() {
    if (state.counting) {
      state.counting.again = true;
      return;
    }
    state.counting = { again: false };
    try {
      do {
        state.counting.again = false;
        const found = await api('GET', '/api/v1/markers?feed=notifications');
        // No marker yet: everything is unread, counted from position 0 by a first marker read.
        state.marker = found.markers.notifications ?? (await firstMarker());
        showCount();
      } while (state.counting.again);
    } catch {
      // The next event or marker move counts again.
    } finally {
      state.counting = null;
    }
  }

  function firstMarker() {
    return api('PUT', '/api/v1/markers/notifications', { position: '0' });
  }

  async function markRead(position) {
    if (!position || (state.marker && BigInt(position) <= BigInt(state.marker.position))) return;
    state.marker = await api('PUT', '/api/v1/markers/notifications', { position });
    showCount();
  }

  async function load(before) {
    const query = before ? `?before=${encodeURIComponent(before)}` : '';
    const page = await api('GET', `/api/v1/notifications${query}`);
    for (const n of page.notifications) {
      if (state.shown.has(n.id)) continue;
      const item = render(n);
      state.shown.set(n.id, item);
      $('notifications').append(item);
    }
    state.next = page.next;
    $('more-notifications').hidden = !page.next;
    return page;
  }

  async function open() {
    state.open = true;
    state.shown.clear();
    $('notifications').replaceChildren();
    delete $('notifications').dataset.loaded;
    $('open-notifications').setAttribute('aria-pressed', 'true');
    $('notifications-view').hidden = false;
    showTimeline(false);
    const page = await load(null);
    $('notifications').dataset.loaded = 'true';
    // Opening the list reads it: what it shows is no longer new.
    if (document.visibilityState === 'visible') await markRead(page.position);
  }

  function close() {
    state.open = false;
    $('open-notifications').setAttribute('aria-pressed', 'false');
    $('notifications-view').hidden = true;
  }

  function live(event) {
    if (state.open && event.type === 'notification.created' && !state.shown.has(event.data.id)) {
      const item = render(event.data);
      state.shown.set(event.data.id, item);
      $('notifications').prepend(item);
      if (document.visibilityState === 'visible') markRead(event.id).catch(() => recount());
    } else if (event.type === 'notification.deleted') {
      state.shown.get(event.data.id)?.remove();
      state.shown.delete(event.data.id);
    }
    recount();
  }

  function follow() {
    const subscription = feedline.subscribe('notifications');
    // Live once confirmed: from then on every notification reaches this window (tests wait for it).
    subscription.on('subscribed', () => {
      $('open-notifications').dataset.live = 'true';
      recount();
    });
    subscription.on('event', live);
    subscription.on('reset', () => {
      follow();
      recount();
      if (state.open) open();
    });
  }

  $('open-notifications').addEventListener('click', () =>
    state.open ? null : attempt('Could not load the notifications', open),
  );
  $('more-notifications').addEventListener('click', () =>
    attempt('Could not load older notifications', () => load(state.next)),
  );
  follow();
  recount();

  return {
    close,
    /** A marker moved (here or in another window): the count follows it. */
    markerChanged(marker) {
      if (marker.feed !== 'notifications') return;
      if (state.marker && BigInt(marker.position) < BigInt(state.marker.position)) return;
      recount();
    },
  };
}
