package dev.feedline.store.control;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run inside one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
