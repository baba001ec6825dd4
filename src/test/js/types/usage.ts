// A TypeScript app written against feedline.d.ts, as a web developer would: `tsc` must accept it,
// and every line marked @ts-expect-error must be refused (so the types are not just `any`).
import {
  Feedline,
  backoffDelay,
  type FeedEvent,
  type FeedlineError,
  type Reset,
  type Retry,
  type State,
  type Subscribed,
  type Subscription,
  type Transport,
  type Notification,
  type NotificationEvent,
  type Post as ServedPost,
} from '../../../main/webapp/client/feedline.js';

interface Post {
  id: string;
  author: string;
  text: string;
}

const feedline = new Feedline({
  url: 'https://feeds.example.com',
  token: async () => 'a token',
  transports: 'auto',
  minDelay: 500,
  maxDelay: 20000,
});
const page = { position: '4711' };
const home: Subscription = feedline.subscribe('home', { since: page.position });
const shown: string[] = [];
home.on('event', (e: FeedEvent<Post>) => {
  if (e.type === 'post.created') shown.push(`${e.data.author}: ${e.data.text}`);
});
home.on('reset', (r: Reset) => feedline.subscribe(r.feed));
home.on('subscribed', (s: Subscribed) => s.position.length);
const stopErrors = home.on('error', (e: FeedlineError) => String(e.code));
stopErrors();
feedline.on('state', (s: State) => s === 'connected');
feedline.on('retry', (r: Retry) => r.delay + (r.code ?? 0));
const transport: Transport = feedline.transport;
const position: string | null = home.position;
const delay: number = backoffDelay(3, Math.random, 500, 20000);
home.unsubscribe();
feedline.close();

// @ts-expect-error the state is one of three words
feedline.on('state', (s: State) => s === 'open');
// @ts-expect-error transports is 'auto', 'websocket' or 'sse'
new Feedline({ transports: 'polling' });
// @ts-expect-error since is an event id string
feedline.subscribe('home', { since: 4711 });
// @ts-expect-error the position may be null before anything arrived
const sure: string = home.position;

export { transport, position, delay, sure };

// API 1.2: notifications are one more feed; their events are typed by the app.
const inbox: Subscription = feedline.subscribe('notifications');
inbox.on('event', (event: FeedEvent) => {
  const typed = event as NotificationEvent;
  if (typed.type === 'notification.created') {
    const n: Notification = typed.data;
    const kind: 'like' | 'follow' | 'mention' | 'reply' = n.type;
    const replyTo: string | null | undefined = n.post?.inReplyTo;
    const mentions: string[] | undefined = n.post?.mentions;
    console.log(kind, n.actor, replyTo, mentions);
  } else if (typed.type === 'notification.deleted') {
    console.log(typed.data.id);
  }
});
// @ts-expect-error: a notification's type is one of four
const wrong: Notification['type'] = 'boost';

// `liked`: in REST answers to a caller with a token; absent elsewhere, so it may be undefined.
const answered = (post: ServedPost): boolean => post.liked ?? false;
// @ts-expect-error liked may be absent (no token, or a stream event)
const alwaysThere = (post: ServedPost): boolean => post.liked;
export { answered, alwaysThere };
