/**
 * Posting, editing, deleting and liking: the rules a post must meet, its storage, and the events
 * each change appends to the log in the same transaction.
 */
package dev.feedline.posts;
