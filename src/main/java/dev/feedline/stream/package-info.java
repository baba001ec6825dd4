/**
 * Live feeds: the WebSocket and SSE endpoints and the engine behind them. The Hub is its façade;
 * the EventSequencer puts bus events in id order, the RecoveryCoordinator runs each connection's
 * subscribe and resume, the FanOut queues each event to the connections the SubscriptionIndex
 * names, and each connection's bounded single-writer Subscriber sends.
 */
package dev.feedline.stream;
