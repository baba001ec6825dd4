// Types for feedline.js, Feedline's JavaScript client.

export type State = 'connecting' | 'connected' | 'disconnected';
export type Transport = 'websocket' | 'sse';

/** An event envelope, exactly as the service sends it (API.md, "Events"). */
export interface FeedEvent<T = any> {
  id: string;
  type:
    | 'post.created'
    | 'post.updated'
    | 'post.deleted'
    | 'post.stats'
    | 'marker.updated'
    | 'notification.created'
    | 'notification.deleted'
    | string;
  feeds: string[];
  data: T;
  [field: string]: unknown;
}

/** A post (API.md): `inReplyTo` and `mentions` since API 1.2. */
export interface Post {
  id: string;
  author: string;
  text: string;
  tags: string[];
  createdAt: string;
  editedAt: string | null;
  likes: number;
  inReplyTo: string | null;
  mentions: string[];
  /**
   * Whether the caller likes the post: in REST answers to a caller with a token only. Absent
   * without a token and in stream events, which every subscriber shares.
   */
  liked?: boolean;
}

/** The data of a `notification.created` event on the `notifications` feed (API 1.2). */
export interface Notification {
  id: string;
  type: 'like' | 'follow' | 'mention' | 'reply';
  actor: string;
  /** The liked post, the mentioning post or the reply; null for a follow. */
  post: Post | null;
  createdAt: string;
}

/** An event of the caller's `notifications` feed. */
export type NotificationEvent =
  | (FeedEvent<Notification> & { type: 'notification.created' })
  | (FeedEvent<{ id: string }> & { type: 'notification.deleted' });

export interface Subscribed {
  type: 'subscribed';
  feed: string;
  position: string;
}

export interface Reset {
  type: 'reset';
  feed: string;
}

/** A connection error (close 1008 or 4029, a failed token()) or an error frame of the service. */
export interface FeedlineError {
  code: number | string;
  message: string;
  ref?: unknown;
}

export interface Retry {
  delay: number;
  attempt: number;
  transport: Transport;
  /** The WebSocket close code that ended the last connection, when it had one (1001, 4008, ...). */
  code?: number;
}

export interface FeedlineOptions {
  /** The service's base URL; defaults to the page's origin. */
  url?: string;
  /** Asked before every connection attempt; null or undefined connects without a token. */
  token?: () => Promise<string | null | undefined> | string | null | undefined;
  /** 'auto' (default): WebSocket, SSE when WebSocket cannot be opened. */
  transports?: 'auto' | 'websocket' | 'sse';
  /** A WebSocket class, where there is no global one. */
  WebSocket?: unknown;
  /** An EventSource class; without one a fetch-based reader is used. */
  EventSource?: unknown;
  /** The backoff's source of jitter, in [0, 1). */
  random?: () => number;
  /** The clock the reconnects are scheduled on. */
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** The first backoff cap in ms (500). */
  minDelay?: number;
  /** The largest backoff in ms (20000), also the wait after close 1008 or 4029. */
  maxDelay?: number;
}

export declare class Subscription {
  readonly feed: string;
  /** The id of the last event delivered, or the confirmed position; null before either. */
  readonly position: string | null;
  readonly closed: boolean;
  on(type: 'event', fn: (event: FeedEvent) => void): () => void;
  on(type: 'reset', fn: (reset: Reset) => void): () => void;
  on(type: 'subscribed', fn: (subscribed: Subscribed) => void): () => void;
  on(type: 'error', fn: (error: FeedlineError) => void): () => void;
  off(type: string, fn: (value: any) => void): this;
  unsubscribe(): void;
  close(): void;
}

export declare class Feedline {
  constructor(options?: FeedlineOptions);
  readonly transport: Transport;
  readonly state: State;
  subscribe(feed: string, options?: { since?: string | null }): Subscription;
  on(type: 'state', fn: (state: State) => void): () => void;
  on(type: 'error', fn: (error: FeedlineError) => void): () => void;
  on(type: 'retry', fn: (retry: Retry) => void): () => void;
  off(type: string, fn: (value: any) => void): this;
  close(): void;
}

/** Full-jitter exponential backoff: a delay in [0, min(max, min * 2^attempt)] ms. */
export declare function backoffDelay(
  attempt: number,
  random?: () => number,
  min?: number,
  max?: number,
): number;
