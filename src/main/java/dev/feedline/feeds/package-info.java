/**
 * Feed names (home, public, user:*, tag:*, markers), who may read each, and feed pages: newest
 * first, with the event position a client subscribes from to miss nothing and see nothing twice.
 */
package dev.feedline.feeds;
