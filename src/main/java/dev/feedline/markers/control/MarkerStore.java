package dev.feedline.markers.control;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.events.entity.Ids;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.json.Json;
import dev.feedline.markers.entity.Marker;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores read markers; a move goes forward only, decided by the database, and appends its
 * marker.updated event in the same transaction.
 */
@ApplicationScoped
public class MarkerStore {
  /** What a PUT did: the marker as stored, and the event when it moved (none when it did not). */
  public record Move(Marker marker, Optional<Event> event) {}

  private record Stored(long position, Instant updatedAt) {}

  private Database database;
  private int unreadCap;

  MarkerStore() {}

  @Inject
  public MarkerStore(Database database, MarkerSettings settings) {
    this(database, settings.unreadCap());
  }

  /** A store counting unread posts up to this cap, as tests and benchmarks make it. */
  public MarkerStore(Database database, int unreadCap) {
    this.database = database;
    this.unreadCap = unreadCap;
  }

  /** Parses a position as clients send it: "0" or a positive event id, as a decimal string. */
  public static long parsePosition(String text) {
    return Ids.parse(text)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "position must be \"0\" or an event id, as a decimal string."));
  }

  /**
   * Moves {@code user}'s marker of {@code feed} to {@code position} if that is ahead of it; else
   * answers the stored marker unchanged.
   */
  public Move move(String user, Feed feed, long position) {
    try {
      return database.inTransaction(c -> move(c, user, feed, position));
    } catch (IllegalStateException e) {
      if (Database.isUniqueViolation(e)) {
        // Another device created the marker at the same moment: it exists now, so move that one.
        return database.inTransaction(c -> move(c, user, feed, position));
      }
      throw e;
    }
  }

  private Move move(Connection c, String user, Feed feed, long position) throws SQLException {
    if (position > EventLog.lastId(c)) {
      throw new InvalidInputException("position " + position + " is not an issued event id.");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // The comparison is in the UPDATE: a concurrent move holds the row until it commits, and the
    // condition is checked again against what it wrote, so a marker never steps back.
    int moved;
    try (PreparedStatement update =
        c.prepareStatement(
            "update markers set position = ?, updated_at = ?"
                + " where user_id = ? and feed = ? and position < ?")) {
      update.setLong(1, position);
      update.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      update.setString(3, user);
      update.setString(4, feed.name());
      update.setLong(5, position);
      moved = update.executeUpdate();
    }
    if (moved == 0) {
      Optional<Stored> stored = stored(c, user, feed);
      if (stored.isPresent()) {
        return new Move(marker(c, user, feed, stored.get()), Optional.empty());
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into markers (user_id, feed, position, updated_at) values (?, ?, ?, ?)")) {
        insert.setString(1, user);
        insert.setString(2, feed.name());
        insert.setLong(3, position);
        insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        insert.executeUpdate();
      }
    }
    Marker marker = marker(c, user, feed, new Stored(position, now));
    Event event =
        EventLog.appendAndCommit(
            c,
            new EventLog.Pending(
                EventType.MARKER_UPDATED, null, user, feed.name(), List.of(), Json.write(marker)));
    return new Move(marker, Optional.of(event));
  }

  /** {@code user}'s markers of {@code feeds} (empty: of every feed), by feed name. */
  public Map<String, Marker> read(String user, Collection<Feed> feeds) {
    return database.inSnapshot(
        c -> {
          Map<String, Marker> markers = new LinkedHashMap<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "select feed, position, updated_at from markers where user_id = ? order by feed")) {
            select.setString(1, user);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                Feed feed = Feed.parse(rs.getString(1));
                if (feeds.isEmpty() || feeds.contains(feed)) {
                  Stored stored =
                      new Stored(rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant());
                  markers.put(feed.name(), marker(c, user, feed, stored));
                }
              }
            }
          }
          return markers;
        });
  }

  private static Optional<Stored> stored(Connection c, String user, Feed feed) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "select position, updated_at from markers where user_id = ? and feed = ?")) {
      select.setString(1, user);
      select.setString(2, feed.name());
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Stored(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
      }
    }
  }

  private Marker marker(Connection c, String user, Feed feed, Stored stored) throws SQLException {
    UnreadCount.Unread unread = UnreadCount.count(c, feed, user, stored.position(), unreadCap);
    return new Marker(
        feed.name(),
        Long.toString(stored.position()),
        stored.updatedAt().toString(),
        unread.count(),
        unread.capped());
  }
}
