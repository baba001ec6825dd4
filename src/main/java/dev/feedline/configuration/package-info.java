/**
 * The profile in force (local or production) and the settings the production profile cannot start
 * without. It uses no other component, so any may read it.
 */
package dev.feedline.configuration;
