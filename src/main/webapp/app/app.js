// Feedline's web app: timelines, posting and live updates, on /client/feedline.js only.
import { Feedline } from '/client/feedline.js';

const $ = (id) => document.getElementById(id);
const session = { token: sessionStorage.getItem('feedline.token'), user: null };
const view = {
  feed: null,
  subscription: null,
  shown: new Map(), // post id -> <li>, in the list
  pending: new Map(), // post id -> post, arrived live and not yet revealed
  next: null,
  liked: new Set(),
};
let feedline = null;

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
  open('home');
}

function showState(state) {
  const label = $('connection');
  label.dataset.state = state;
  label.textContent = state === 'connected' ? `live (${feedline.transport})` : state;
}

// Timelines.
document.querySelectorAll('[data-feed]').forEach((b) =>
  b.addEventListener('click', () => open(b.dataset.feed)),
);
$('open-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('open-feed').value.trim();
  if (name) open(name.startsWith('#') ? `tag:${name.slice(1).toLowerCase()}` : name);
});

async function open(feed) {
  view.subscription?.unsubscribe();
  view.feed = feed;
  view.shown.clear();
  view.pending.clear();
  $('posts').replaceChildren();
  $('feed-title').textContent = feed;
  showPending();
  document.querySelectorAll('[data-feed]').forEach((b) =>
    b.setAttribute('aria-pressed', String(b.dataset.feed === feed)),
  );
  await showFollow(feed);
  let page;
  try {
    page = await api('GET', `/api/v1/feeds/${encodeURIComponent(feed)}`);
  } catch (error) {
    $('feed-title').textContent = `${feed}: ${error.message}`;
    return;
  }
  if (view.feed !== feed) return;
  for (const post of page.posts) append(post);
  setNext(page.next);
  const subscription = feedline.subscribe(feed, { since: page.position });
  view.subscription = subscription;
  subscription.on('event', (event) => live(event));
  subscription.on('reset', () => {
    if (view.subscription === subscription) open(feed);
  });
}

function setNext(next) {
  view.next = next;
  $('more').hidden = !next;
}

$('more').addEventListener('click', async () => {
  const feed = view.feed;
  const page = await api(
    'GET',
    `/api/v1/feeds/${encodeURIComponent(feed)}?before=${encodeURIComponent(view.next)}`,
  );
  if (view.feed !== feed) return;
  for (const post of page.posts) append(post);
  setNext(page.next);
});

// Live events: new posts wait behind the marker, so what the reader looks at does not move.
function live(event) {
  const data = event.data;
  switch (event.type) {
    case 'post.created':
      if (!view.shown.has(data.id)) view.pending.set(data.id, data);
      showPending();
      break;
    case 'post.updated':
      if (view.pending.has(data.id)) view.pending.set(data.id, data);
      view.shown.get(data.id)?.replaceWith(render(data));
      break;
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
  view.shown.set(post.id, item);
  $('posts').prepend(item);
}

function append(post) {
  if (view.shown.has(post.id)) return;
  view.pending.delete(post.id);
  const item = render(post);
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
  const item = el('li', { className: 'post', id: `post-${post.id}` });
  item.dataset.id = post.id;
  const author = el('button', { type: 'button', className: 'author' }, `@${post.author}`);
  author.setAttribute('aria-label', `Open @${post.author}'s posts`);
  author.addEventListener('click', () => open(`user:${post.author}`));
  const when = el('time', { dateTime: post.createdAt }, new Date(post.createdAt).toLocaleString());
  const header = el('header', {}, author, when, post.editedAt ? ' (edited)' : '');
  const text = el('p', { className: 'text' }, post.text);
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
  like.addEventListener('click', async () => {
    const liked = !view.liked.has(post.id);
    await api(liked ? 'PUT' : 'DELETE', `/api/v1/posts/${post.id}/like`);
    if (liked) view.liked.add(post.id);
    else view.liked.delete(post.id);
    like.setAttribute('aria-pressed', String(liked));
  });
  const actions = el('div', { className: 'actions' }, like, likes);
  if (post.author === session.user) {
    const edit = el('button', { type: 'button' }, 'Edit');
    edit.addEventListener('click', () => editPost(item, post));
    const remove = el('button', { type: 'button' }, 'Delete');
    remove.addEventListener('click', async () => {
      if (!confirm('Delete this post?')) return;
      await api('DELETE', `/api/v1/posts/${post.id}`);
      item.remove();
      view.shown.delete(post.id);
    });
    actions.append(edit, remove);
  }
  item.append(header, text, tags, actions);
  return item;
}

function editPost(item, post) {
  const area = el('textarea', { value: post.text, rows: 3 });
  area.setAttribute('aria-label', 'Edit the post');
  const save = el('button', { type: 'submit' }, 'Save');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const form = el('form', { className: 'edit' }, area, save, cancel);
  cancel.addEventListener('click', () => form.replaceWith(item.querySelector('.text') ?? form));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const updated = await api('PATCH', `/api/v1/posts/${post.id}`, { text: area.value });
    const fresh = render(updated);
    view.shown.set(updated.id, fresh);
    item.replaceWith(fresh);
  });
  item.querySelector('.text').replaceWith(form);
  area.focus();
}

// Compose. The post's own event may arrive before this answer: either way it shows once.
$('compose').addEventListener('submit', async (e) => {
  e.preventDefault();
  const tags = $('compose-tags').value.split(/[\s,#]+/).filter(Boolean);
  try {
    const post = await api('POST', '/api/v1/posts', { text: $('compose-text').value, tags });
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
  button.onclick = async () => {
    const follow = button.getAttribute('aria-pressed') !== 'true';
    await api(follow ? 'PUT' : 'DELETE', `/api/v1/following/${encodeURIComponent(user)}`);
    setFollowing(follow);
  };
  button.hidden = false;
}

function setFollowing(following) {
  $('follow').setAttribute('aria-pressed', String(following));
  $('follow').textContent = following ? 'Following' : 'Follow';
}

if (session.token) signIn(session.token);
