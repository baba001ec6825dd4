/**
 * Notifications: what others did to a person (liked, followed, mentioned, replied), listed newest
 * first and read from their own {@code notifications} feed. They are made and undone with their
 * cause, in its transaction, by the events component's notification log.
 */
package dev.feedline.notifications;
