/**
 * Live feeds: the WebSocket and SSE endpoints, the Hub that fans each event out to this node's
 * connections, each connection's bounded single-writer Subscriber, and Recovery of missed events.
 */
package dev.feedline.stream;
