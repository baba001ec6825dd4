/**
 * The node's life: the start-up sequence (settings checked, schema migrated, local key made, Hub
 * started) and the drain on SIGTERM or shutdown. It sits above every component it starts.
 */
package dev.feedline.lifecycle;
