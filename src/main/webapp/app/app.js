// Feedline's web app: timelines, posting and live updates, on /client/feedline.js only.
import { Feedline } from '/client/feedline.js';
import { notifications } from '/app/notifications.js';
import { pushSwitch } from '/app/push.js';

const $ = (id) => document.getElementById(id);
const session = { token: sessionStorage.getItem('feedline.token'), user: null };
const view = {
  feed: null,
  subscription: null,
  shown: new Map(), // post id -> <li>, in the list
  pending: new Map(), // post id -> post, arrived live and not yet revealed
  next: null,
  liked: new Set(),
  top: null, // the initial page's position: its newest post, once seen, means read up to it
};
// Read markers, shared live between this person's windows and devices: feed -> marker.
const markers = new Map();
const reading = { feed: null, position: null, timer: null, observer: null };
const DWELL_MS = 600; // how long a post must be in view before it counts as read
let feedline = null;
let inbox = null; // the notifications view and the header's unread count
let replyTo = null; // the post the compose form answers, if any

async function api(method, path, body) {
  const headers = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const value = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(value?.message ?? `${response.status}`);
    error.status = response.status;
    throw error;
  }
  return value;
}

/** Runs a person's action: a failure is told to them in the alert line, not lost in the console. */
async function attempt(what, action) {
  $('app-error').textContent = '';
  try {
    await action();
  } catch (error) {
    $('app-error').textContent = `${what}: ${error.message}`;
  }
}

function userOf(token) {
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return claims.upn ?? claims.sub;
  } catch {
    return null;
  }
}

// Sign in: the local profile mints a token for a user name; otherwise a token is pasted.
$('dev-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const { token } = await api('POST', '/api/v1/dev/tokens', { user: $('user-name').value });
    signIn(token);
  } catch (error) {
    $('sign-in-error').textContent =
      error.status === 404 ? 'This service does not mint tokens: paste one.' : error.message;
  }
});
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if ($('token').value.trim()) signIn($('token').value.trim());
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem('feedline.token');
  location.reload();
});

function signIn(token) {
  session.token = token;
  session.user = userOf(token);
  sessionStorage.setItem('feedline.token', token);
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('me').textContent = `@${session.user}`;
  feedline = new Feedline({ token: async () => session.token });
  feedline.on('state', showState);
  feedline.on('error', (error) => {
    $('connection').textContent = `error: ${error.message}`;
  });
  followMarkers();
  inbox = notifications({ feedline, api, el, openFeed: open, showTimeline, attempt });
  // A notification's link (/?feed=...) opens its timeline; a click on one while this window is
  // open asks the service worker to tell it.
  open(new URLSearchParams(location.search).get('feed') || 'home');
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (typeof event.data?.open === 'string') open(event.data.open);
  });
  pushSwitch({
    api,
    showError: (text) => {
      $('app-error').textContent = text;
    },
  });
}

function showTimeline(visible) {
  document.querySelector('[aria-labelledby="feed-title"]').hidden = !visible;
  $('compose').hidden = !visible;
}

function showState(state) {
  const label = $('connection');
  label.dataset.state = state;
  label.textContent = state === 'connected' ? `live (${feedline.transport})` : state;
}

// Timelines.
document
  .querySelectorAll('[data-feed]')
  .forEach((b) => b.addEventListener('click', () => open(b.dataset.feed)));
$('open-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('open-feed').value.trim();
  if (name) open(name.startsWith('#') ? `tag:${name.slice(1).toLowerCase()}` : name);
});

/** Shows `feed`'s timeline, live; the focus goes to its heading unless `focus` is false. */
async function open(feed, { focus = true } = {}) {
  inbox?.close();
  showTimeline(true);
  view.subscription?.unsubscribe();
  view.feed = feed;
  view.shown.clear();
  view.pending.clear();
  view.top = null;
  stopReading();
  $('posts').replaceChildren();
  delete $('posts').dataset.live;
  $('feed-title').textContent = feed;
  // The control that opened the timeline may be gone with the list: keyboard and screen reader
  // users go on from the heading of what they opened.
  if (focus) $('feed-title').focus();
  showPending();
  showUnread();
  document
    .querySelectorAll('[data-feed]')
    .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.feed === feed)));
  // Whom the person follows decides the Follow button only: the timeline loads whatever it says.
  showFollow(feed).catch((error) => {
    if (view.feed === feed)
      $('app-error').textContent = `Could not load whom you follow: ${error.message}`;
  });
  let page;
  let markable;
  try {
    // The marker before the page: its unread count then never includes a post the page shows.
    markable = await loadMarker(feed);
    page = await api('GET', `/api/v1/feeds/${encodeURIComponent(feed)}`);
  } catch (error) {
    $('feed-title').textContent = `${feed}: ${error.message}`;
    return;
  }
  if (view.feed !== feed) return;
  if (markable) startReading(feed);
  showUnread();
  view.top = page.position;
  for (const post of page.posts) append(post);
  setNext(page.next);
  const subscription = feedline.subscribe(feed, { since: page.position });
  view.subscription = subscription;
  // The timeline is live once the service confirmed the subscription (tests wait for it).
  subscription.on('subscribed', () => {
    if (view.subscription === subscription) $('posts').dataset.live = feed;
  });
  subscription.on('event', (event) => live(event));
  // A reset reloads the timeline where the person is: the focus stays where they are working.
  subscription.on('reset', () => {
    if (view.subscription === subscription) open(feed, { focus: false });
  });
}

function setNext(next) {
  view.next = next;
  $('more').hidden = !next;
}

$('more').addEventListener('click', () =>
  attempt('Could not load older posts', async () => {
    const feed = view.feed;
    const page = await api(
      'GET',
      `/api/v1/feeds/${encodeURIComponent(feed)}?before=${encodeURIComponent(view.next)}`,
    );
    if (view.feed !== feed) return;
    for (const post of page.posts) append(post);
    setNext(page.next);
  }),
);

// Live events: new posts wait behind the marker, so what the reader looks at does not move.
function live(event) {
  const data = event.data;
  switch (event.type) {
    case 'post.created':
      if (view.shown.has(data.id)) {
        // Shown from the POST's answer before its event came: now its position is known.
        readAt(view.shown.get(data.id), event.id);
      } else {
        view.pending.set(data.id, { ...data, position: event.id });
      }
      countUnread(event);
      showPending();
      break;
    case 'post.updated': {
      const waiting = view.pending.get(data.id);
      if (waiting) view.pending.set(data.id, { ...data, position: waiting.position });
      const shown = view.shown.get(data.id);
      if (shown) {
        const fresh = render(data);
        readAt(fresh, shown.dataset.position);
        view.shown.set(data.id, fresh);
        shown.replaceWith(fresh);
      }
      break;
    }
    case 'post.deleted':
      view.pending.delete(data.id);
      view.shown.get(data.id)?.remove();
      view.shown.delete(data.id);
      showPending();
      break;
    case 'post.stats': {
      const likes = view.shown.get(data.id)?.querySelector('.likes');
      if (likes) likes.textContent = likesText(data.likes);
      break;
    }
    default:
      break;
  }
}

function showPending() {
  const button = $('new-posts');
  const count = view.pending.size;
  button.hidden = count === 0;
  button.textContent = count === 1 ? 'Show 1 new post' : `Show ${count} new posts`;
}

$('new-posts').addEventListener('click', () => {
  const posts = [...view.pending.values()].sort((a, b) => Number(b.id) - Number(a.id));
  view.pending.clear();
  for (const post of posts.reverse()) prepend(post);
  showPending();
  $('posts').firstElementChild?.querySelector('.author')?.focus();
});

function prepend(post) {
  if (view.shown.has(post.id)) return;
  const item = render(post);
  readAt(item, post.position);
  view.shown.set(post.id, item);
  $('posts').prepend(item);
}

function append(post) {
  if (view.shown.has(post.id)) return;
  view.pending.delete(post.id);
  const item = render(post);
  // The newest post of the first page stands for the page's position: nothing newer was there.
  if (view.shown.size === 0 && view.top) readAt(item, view.top);
  view.shown.set(post.id, item);
  $('posts').append(item);
}

function likesText(likes) {
  return likes === 1 ? '1 like' : `${likes} likes`;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function render(post) {
  // The service says whether the person likes a post it answers; an event's post does not say
  // (one event serves every subscriber), so what this page knows stands.
  if (post.liked === true) view.liked.add(post.id);
  else if (post.liked === false) view.liked.delete(post.id);
  const item = el('li', { className: 'post', id: `post-${post.id}` });
  item.dataset.id = post.id;
  const author = el('button', { type: 'button', className: 'author' }, `@${post.author}`);
  author.setAttribute('aria-label', `Open @${post.author}'s posts`);
  author.addEventListener('click', () => open(`user:${post.author}`));
  const when = el('time', { dateTime: post.createdAt }, new Date(post.createdAt).toLocaleString());
  const header = el('header', {}, author, when, post.editedAt ? ' (edited)' : '');
  const text = el('p', { className: 'text' }, ...withMentions(post));
  const tags = el('div', { className: 'tags' });
  for (const tag of post.tags ?? []) {
    const b = el('button', { type: 'button' }, `#${tag}`);
    b.setAttribute('aria-label', `Open tag ${tag}`);
    b.addEventListener('click', () => open(`tag:${tag}`));
    tags.append(b);
  }
  const likes = el('span', { className: 'likes' }, likesText(post.likes ?? 0));
  const like = el('button', { type: 'button' }, 'Like');
  like.setAttribute('aria-pressed', String(view.liked.has(post.id)));
  like.addEventListener('click', () => {
    const liked = !view.liked.has(post.id);
    return attempt(liked ? 'Could not like the post' : 'Could not take the like back', async () => {
      await api(liked ? 'PUT' : 'DELETE', `/api/v1/posts/${post.id}/like`);
      if (liked) view.liked.add(post.id);
      else view.liked.delete(post.id);
      like.setAttribute('aria-pressed', String(liked));
    });
  });
  const reply = el('button', { type: 'button' }, 'Reply');
  reply.setAttribute('aria-label', `Reply to @${post.author}`);
  reply.addEventListener('click', () => startReply(post));
  const actions = el('div', { className: 'actions' }, like, likes, reply);
  if (post.author === session.user) {
    const edit = el('button', { type: 'button' }, 'Edit');
    edit.addEventListener('click', () => editPost(item, post, edit));
    const remove = el('button', { type: 'button' }, 'Delete');
    remove.addEventListener('click', () => {
      if (!confirm('Delete this post?')) return;
      return attempt('Could not delete the post', async () => {
        await api('DELETE', `/api/v1/posts/${post.id}`);
        item.remove();
        view.shown.delete(post.id);
      });
    });
    actions.append(edit, remove);
  }
  item.append(header);
  if (post.inReplyTo) item.append(parentOf(post));
  item.append(text, tags, actions);
  return item;
}

// The text with each mention as a link to that person's timeline.
const MENTION = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]{1,64})(?![\p{L}\p{N}_.@-])/gu;

function withMentions(post) {
  const mentioned = new Set(post.mentions ?? []);
  const parts = [];
  let from = 0;
  for (const match of post.text.matchAll(MENTION)) {
    const name = match[1].replace(/\.+$/, '');
    if (!mentioned.has(name)) continue;
    parts.push(post.text.slice(from, match.index));
    const link = el('a', { href: '#', className: 'mention' }, `@${name}`);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      open(`user:${name}`);
    });
    parts.push(link);
    from = match.index + 1 + name.length;
  }
  parts.push(post.text.slice(from));
  return parts;
}

// A reply shows what it answers, fetched once it is rendered.
function parentOf(post) {
  const line = el('p', { className: 'in-reply-to' }, 'In reply to a post');
  api('GET', `/api/v1/posts/${post.inReplyTo}`).then(
    (parent) => {
      const author = el('button', { type: 'button', className: 'author' }, `@${parent.author}`);
      author.addEventListener('click', () => open(`user:${parent.author}`));
      line.replaceChildren('In reply to ', author, `: ${parent.text}`);
    },
    () => line.replaceChildren('In reply to a deleted post'),
  );
  return line;
}

function startReply(post) {
  replyTo = post;
  $('replying').hidden = false;
  $('replying-to').textContent = `Replying to @${post.author}`;
  const text = $('compose-text');
  if (post.author !== session.user && !text.value.includes(`@${post.author}`)) {
    text.value = `@${post.author} ${text.value}`;
  }
  text.focus();
}

function stopReply() {
  replyTo = null;
  $('replying').hidden = true;
}

$('cancel-reply').addEventListener('click', stopReply);

/** Puts an edit form in place of the post's text; Cancel puts the text back. */
function editPost(item, post, edit) {
  const editing = item.querySelector('form.edit');
  if (editing) {
    editing.querySelector('textarea').focus(); // already editing: one form per post
    return;
  }
  const text = item.querySelector('.text');
  const area = el('textarea', { value: post.text, rows: 3 });
  area.setAttribute('aria-label', 'Edit the post');
  const save = el('button', { type: 'submit' }, 'Save');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const form = el('form', { className: 'edit' }, area, save, cancel);
  cancel.addEventListener('click', () => {
    form.replaceWith(text);
    edit.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    attempt('Could not save the post', async () => {
      const updated = await api('PATCH', `/api/v1/posts/${post.id}`, { text: area.value });
      const fresh = render(updated);
      readAt(fresh, item.dataset.position);
      view.shown.set(updated.id, fresh);
      item.replaceWith(fresh);
    });
  });
  text.replaceWith(form);
  area.focus();
}

// Compose. The post's own event may arrive before this answer: either way it shows once.
$('compose').addEventListener('submit', async (e) => {
  e.preventDefault();
  const tags = $('compose-tags')
    .value.split(/[\s,#]+/)
    .filter(Boolean);
  try {
    const body = { text: $('compose-text').value, tags };
    if (replyTo) body.inReplyTo = replyTo.id;
    const post = await api('POST', '/api/v1/posts', body);
    stopReply();
    $('compose-text').value = '';
    $('compose-tags').value = '';
    $('compose-error').textContent = '';
    const feed = view.feed;
    const mine =
      feed === 'home' ||
      feed === 'public' ||
      feed === `user:${post.author}` ||
      (post.tags ?? []).some((tag) => feed === `tag:${tag}`);
    if (mine) {
      view.pending.delete(post.id);
      prepend(post);
      showPending();
    }
  } catch (error) {
    $('compose-error').textContent = error.message;
  }
});

// Read markers: where this person stopped reading each feed, shared live between their windows
// and devices. A post counts as read once at least half of it has been in view for DWELL_MS while
// the page is visible; the marker then moves (forward only) to that post's event id.
function followMarkers() {
  const subscription = feedline.subscribe('markers');
  subscription.on('event', (event) => {
    if (event.type === 'marker.updated') remember(event.data, false);
  });
  subscription.on('reset', () => {
    followMarkers();
    if (view.feed) loadMarker(view.feed).then(showUnread);
  });
}

/** Fetches the feed's marker; false when the feed cannot have one (the markers feed itself). */
async function loadMarker(feed) {
  try {
    const found = await api('GET', `/api/v1/markers?feed=${encodeURIComponent(feed)}`);
    if (found.markers[feed]) remember(found.markers[feed], true);
    return true;
  } catch (error) {
    return error.status !== 400 && error.status !== 403;
  }
}

/**
 * Keeps the newest marker of a feed. An answer of the service (`fresh`) carries the count as of
 * now and replaces an equal position; an event replaces only an older one.
 */
function remember(marker, fresh) {
  const known = markers.get(marker.feed);
  if (known) {
    const order = compareIds(marker.position, known.position);
    if (order < 0 || (order === 0 && !fresh)) return;
  }
  markers.set(marker.feed, { ...marker });
  inbox?.markerChanged(marker);
  if (marker.feed === view.feed) showUnread();
}

/** A live post of the open feed after its marker is one more unread post. */
function countUnread(event) {
  const marker = markers.get(view.feed);
  if (!marker || marker.unreadCapped || compareIds(event.id, marker.position) <= 0) return;
  marker.unread += 1;
  showUnread();
}

function showUnread() {
  const label = $('unread');
  const marker = markers.get(view.feed);
  label.hidden = !marker;
  $('mark-read').hidden = !marker || marker.unread === 0;
  if (!marker) return;
  label.dataset.unread = String(marker.unread);
  label.textContent =
    marker.unread === 0 ? 'All read' : `${marker.unread}${marker.unreadCapped ? '+' : ''} unread`;
}

function compareIds(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function startReading(feed) {
  stopReading();
  reading.feed = feed;
  reading.observer = new IntersectionObserver(
    (entries) => {
      for (const { target, isIntersecting } of entries) {
        clearTimeout(target.dwell);
        target.dwell = isIntersecting ? setTimeout(() => seen(target), DWELL_MS) : undefined;
      }
    },
    { threshold: 0.5 },
  );
  for (const item of $('posts').querySelectorAll('[data-position]')) reading.observer.observe(item);
}

function stopReading() {
  reading.observer?.disconnect();
  reading.observer = null;
  reading.feed = null;
  reading.position = null;
}

// A page that comes back into view looks again at what it shows.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible' || !reading.observer) return;
  for (const item of $('posts').querySelectorAll('[data-position]')) {
    reading.observer.unobserve(item);
    reading.observer.observe(item);
  }
});

/** The event id up to which `item` stands: reading it reads the feed up to there. */
function readAt(item, position) {
  if (!item || !position) return;
  item.dataset.position = position;
  reading.observer?.observe(item);
}

function seen(item) {
  item.dwell = undefined;
  if (document.visibilityState === 'hidden' || !item.isConnected) return;
  // Reading is not an action the person takes: the next post in view tries again.
  moveMarker(reading.feed, item.dataset.position).catch(() => {});
}

/**
 * Moves the marker forward to `position`; one request at a time, the newest position wins. A
 * failure rejects, after the next move is free to try again.
 */
async function moveMarker(feed, position) {
  if (!feed || feed !== reading.feed) return;
  const marker = markers.get(feed);
  if (marker && compareIds(position, marker.position) <= 0) return;
  if (reading.position && compareIds(position, reading.position) <= 0) return;
  const first = !reading.position;
  reading.position = position;
  if (!first) return; // the request on its way sends the newest position when it is done
  try {
    while (reading.feed === feed && reading.position) {
      const sending = reading.position;
      const stored = await api('PUT', `/api/v1/markers/${encodeURIComponent(feed)}`, {
        position: sending,
      });
      remember(stored, true);
      if (reading.feed === feed && reading.position === sending) reading.position = null;
    }
  } catch (error) {
    if (reading.feed === feed) reading.position = null; // the next post in view tries again
    throw error;
  }
}

$('mark-read').addEventListener('click', () => {
  const newest = [view.subscription?.position, view.top].filter(Boolean).sort(compareIds).pop();
  if (newest) attempt('Could not mark all read', () => moveMarker(view.feed, newest));
});

// Follow and unfollow, on a user's timeline.
async function showFollow(feed) {
  const button = $('follow');
  const user = feed.startsWith('user:') ? feed.slice(5) : null;
  // Hidden until its state is known and its handler is this user's: a click before that would
  // do nothing, or act on the timeline shown before.
  button.hidden = true;
  button.onclick = null;
  if (!user || user === session.user) return;
  const { users } = await api('GET', '/api/v1/following');
  if (view.feed !== feed) return; // another timeline was opened meanwhile
  setFollowing(users.includes(user));
  button.onclick = () => {
    const follow = button.getAttribute('aria-pressed') !== 'true';
    return attempt(
      follow ? `Could not follow @${user}` : `Could not unfollow @${user}`,
      async () => {
        await api(follow ? 'PUT' : 'DELETE', `/api/v1/following/${encodeURIComponent(user)}`);
        setFollowing(follow);
      },
    );
  };
  button.hidden = false;
}

function setFollowing(following) {
  $('follow').setAttribute('aria-pressed', String(following));
  $('follow').textContent = following ? 'Following' : 'Follow';
}

if (session.token) signIn(session.token);
