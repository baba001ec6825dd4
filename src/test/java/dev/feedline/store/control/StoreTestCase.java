package dev.feedline.store.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.store.control.TestDatabases.Kind;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * Store tests of one database kind: the class gets a fresh, migrated database, dropped after its
 * last test. Tests share it, so each names its own users and counts events from where it began.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreTestCase {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Kind kind;
  private TestDatabase testDatabase;
  protected DataSource dataSource;
  protected Database database;

  protected StoreTestCase(Kind kind) {
    this.kind = kind;
  }

  private TestAbortedException unavailable;

  @BeforeAll
  public final void openDatabase() {
    try {
      testDatabase = TestDatabases.open(kind);
    } catch (TestAbortedException e) {
      // Skipping here would hide the reason; each test reports it as its own skip instead.
      unavailable = e;
      return;
    }
    dataSource = testDatabase.dataSource();
    Migrations.migrate(dataSource);
    database = new Database(dataSource);
  }

  @BeforeEach
  public final void skipWithoutDatabase() {
    if (unavailable != null) {
      Assumptions.abort(unavailable.getMessage());
    }
  }

  @AfterAll
  public final void dropDatabase() throws Exception {
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  /** A user id no other test of this run uses. */
  protected static String user(String name) {
    return name + "_" + NAMES.incrementAndGet();
  }

  /** The id of the newest committed event. */
  protected long lastEventId() {
    return database.inTransaction(EventLog::lastId);
  }

  /** Every committed event after {@code id}, oldest first. */
  protected List<Event> eventsAfter(long id) {
    return database.inTransaction(c -> EventLog.readAfter(c, id, 100_000));
  }
}
