/**
 * The service's one JSON-B configuration and strict one-value parsing, for every component that
 * writes or reads JSON (REST bodies, event data, bus messages, tokens, frames). It uses none of
 * them.
 */
package dev.feedline.json;
