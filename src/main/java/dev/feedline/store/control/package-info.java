/**
 * The Store: JDBC access to the Liberty-managed data source (H2 embedded, PostgreSQL in
 * production), transactions, and the versioned schema migrations Flyway applies at start.
 */
package dev.feedline.store.control;
