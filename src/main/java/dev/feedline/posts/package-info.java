/**
 * Posting, editing, deleting and liking: the rules a post must meet, who may read posts, their
 * storage, and the events each change appends to the log in the same transaction.
 */
package dev.feedline.posts;
