/**
 * What operators ask a node over REST, admins only: the settings in effect, with their sources and
 * secrets masked.
 */
package dev.feedline.admin;
