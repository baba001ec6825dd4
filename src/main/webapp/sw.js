// Feedline's service worker: shows the notifications that Web Push brings while no window of the
// app is open, one per notification (its id is the tag, so the same notification pushed twice is
// shown once), and opens the app on the right timeline when one is clicked.

// The timeline a notification leads to: the actor's posts for a follow, else the post's author's.
function feedOf(notification) {
  if (notification?.post?.author) return `user:${notification.post.author}`;
  return notification?.actor ? `user:${notification.actor}` : 'home';
}

// The push's message as JSON, or null when it carries none or something else.
function messageOf(event) {
  try {
    return event.data ? event.data.json() : null;
  } catch {
    return null;
  }
}

self.addEventListener('push', (event) => {
  const message = messageOf(event);
  const notification = message?.notification;
  if (!notification?.id) return;
  event.waitUntil(
    self.registration.showNotification(message.title ?? 'Feedline', {
      body: message.body ?? '',
      tag: `notification-${notification.id}`,
      data: { feed: feedOf(notification), id: notification.id },
    }),
  );
});

// Opens the feed in a window of the app: one already open is focused and told to open it;
// otherwise a new window opens at /?feed=....
async function openFeed(feed) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const app = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (app) {
    app.postMessage({ open: feed });
    try {
      await app.focus();
    } catch {
      // focusing needs the click's activation; the window already shows the feed
    }
    return;
  }
  await self.clients.openWindow(`/?feed=${encodeURIComponent(feed)}`);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openFeed(event.notification.data?.feed ?? 'home'));
});
