/**
 * The profile in force (local or production), the checks the production profile makes before it
 * starts, and the start-up sequence: settings, schema, keys.
 */
package dev.feedline.configuration;
