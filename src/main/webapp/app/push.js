// The "Notify me" switch: Web Push through the service worker /sw.js. Turning it on asks the
// browser for permission, subscribes with the service's key and registers the subscription with
// the service; turning it off deletes it there and unsubscribes the browser. Hidden where the
// browser has no push or the service offers none (503).
const $ = (id) => document.getElementById(id);

function bytesOf(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

export async function pushSwitch({ api, showError }) {
  const box = $('push-enabled');
  const label = $('push-switch');
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return;
  let registration;
  let key;
  try {
    registration = await navigator.serviceWorker.register('/sw.js');
    key = (await api('GET', '/api/v1/push/key')).publicKey;
  } catch {
    return; // no push here: the switch stays hidden
  }
  const current = await registration.pushManager.getSubscription();
  box.checked = current !== null;
  label.hidden = false;

  async function turnOn() {
    if ((await Notification.requestPermission()) !== 'granted') {
      throw new Error('Notifications are blocked for this site.');
    }
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: bytesOf(key),
    });
    await api('POST', '/api/v1/push/subscriptions', subscription.toJSON());
  }

  async function turnOff() {
    const subscription = await registration.pushManager.getSubscription();
    if (!subscription) return;
    const { subscriptions } = await api('GET', '/api/v1/push/subscriptions');
    const mine = subscriptions.find((s) => s.endpoint === subscription.endpoint);
    if (mine) await api('DELETE', `/api/v1/push/subscriptions/${mine.id}`);
    await subscription.unsubscribe();
  }

  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      await (box.checked ? turnOn() : turnOff());
    } catch (error) {
      box.checked = !box.checked;
      showError(`Push notifications: ${error.message}`);
    } finally {
      box.disabled = false;
    }
  });
}
