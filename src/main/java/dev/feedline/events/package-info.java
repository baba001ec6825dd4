/**
 * The event log: every committed change, numbered in commit order. Posts and follows append to it
 * in their own transactions; feeds, the stream and recovery read it.
 */
package dev.feedline.events;
