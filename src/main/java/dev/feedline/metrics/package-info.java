/**
 * What operators chart: Prometheus metrics (through MicroProfile Metrics) for connections,
 * subscriptions, events, deliveries, drops, closes by code, resumes, latency and REST statuses.
 */
package dev.feedline.metrics;
