/**
 * Read markers: where each user stopped reading each feed, moved only forward, with the count of
 * posts after it; each move is a marker.updated event on the owner's markers feed.
 */
package dev.feedline.markers;
