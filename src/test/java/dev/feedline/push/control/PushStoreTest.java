package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.NotFoundException;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.posts.control.PostStore;
import dev.feedline.push.entity.PushSubscription;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Subscriptions and the outbox on H2 and PostgreSQL: written with the notification, taken once. */
class PushStoreTest {
  @Nested
  class OnH2 extends Cases {
    OnH2() {
      super(Kind.H2);
    }
  }

  @Nested
  class OnPostgreSQL extends Cases {
    OnPostgreSQL() {
      super(Kind.POSTGRESQL);
    }
  }

  abstract static class Cases extends StoreTestCase {
    private static final List<String> ALL = List.of("mention", "reply", "follow", "like");
    private static final SecureRandom RANDOM = new SecureRandom();

    Cases(Kind kind) {
      super(kind);
    }

    private PushSubscriptionStore subscriptions() {
      return new PushSubscriptionStore(database);
    }

    private static SubscriptionKeys keys() {
      byte[] auth = new byte[16];
      RANDOM.nextBytes(auth);
      byte[] point = P256.encode((ECPublicKey) P256.generate(RANDOM).getPublic());
      return SubscriptionKeys.parse(Base64Url.encode(point), Base64Url.encode(auth));
    }

    private PushSubscription subscribe(String user, String endpoint, List<String> types) {
      return subscriptions().subscribe(user, endpoint, keys(), types, 20).subscription();
    }

    private static String endpoint() {
      return "https://push.example.net/send/" + RANDOM.nextLong();
    }

    /** Everything due now, taken with a lease of a minute. */
    private List<PushOutbox.Taken> takeAll() {
      Instant now = Instant.now();
      return database.inTransaction(
          c -> PushOutbox.take(c, 1000, now, now.plus(Duration.ofMinutes(1))));
    }

    private List<PushOutbox.Taken> takeFor(String endpoint) {
      return takeAll().stream().filter(t -> t.endpoint().equals(endpoint)).toList();
    }

    @Test
    void theSameEndpointReplacesItsSubscriptionWhoeverHeldIt() {
      String alice = user("alice");
      String bob = user("bob");
      String shared = endpoint();
      PushSubscription first = subscribe(alice, shared, ALL);
      PushSubscriptionStore.Saved again =
          subscriptions().subscribe(bob, shared, keys(), List.of("mention"), 20);

      assertTrue(again.replaced());
      assertEquals(List.of(), subscriptions().list(alice));
      assertEquals(List.of(again.subscription()), subscriptions().list(bob));
      assertEquals(List.of("mention"), again.subscription().types());
      assertFalse(first.id().equals(again.subscription().id()));
    }

    @Test
    void deletingIsForTheOwnerOnly() {
      String alice = user("alice");
      PushSubscription mine = subscribe(alice, endpoint(), ALL);
      assertThrows(
          NotFoundException.class,
          () -> subscriptions().delete(user("mallory"), Long.parseLong(mine.id())));
      subscriptions().delete(alice, Long.parseLong(mine.id()));
      assertEquals(List.of(), subscriptions().list(alice));
      assertThrows(
          NotFoundException.class, () -> subscriptions().delete(alice, Long.parseLong(mine.id())));
    }

    @Test
    void aPersonHasABoundedNumberOfSubscriptions() {
      String alice = user("alice");
      for (int i = 0; i < 2; i++) {
        subscriptions().subscribe(alice, endpoint(), keys(), ALL, 2);
      }
      assertThrows(
          InvalidInputException.class,
          () -> subscriptions().subscribe(alice, endpoint(), keys(), ALL, 2));
    }

    @Test
    void aNotificationQueuesOnePushPerSubscriptionThatAsksForItsType() {
      String alice = user("alice");
      String phone = endpoint();
      String laptop = endpoint();
      String mentionsOnly = endpoint();
      subscribe(alice, phone, ALL);
      subscribe(alice, laptop, List.of("follow"));
      subscribe(alice, mentionsOnly, List.of("mention"));
      String bob = user("bob");
      new FollowStore(database).follow(bob, alice);

      List<PushOutbox.Taken> taken = takeAll();
      assertEquals(1, taken.stream().filter(t -> t.endpoint().equals(phone)).count());
      assertEquals(1, taken.stream().filter(t -> t.endpoint().equals(laptop)).count());
      assertEquals(0, taken.stream().filter(t -> t.endpoint().equals(mentionsOnly)).count());
      assertEquals(List.of(), takeFor(phone), "taken pushes are leased, not taken again");
    }

    @Test
    void aTakenPushCarriesTheNotificationAndIsDueAgainAfterTheLease() {
      String alice = user("alice");
      String phone = endpoint();
      subscribe(alice, phone, ALL);
      String carol = user("carol");
      new PostStore(database)
          .create(carol, "hello @" + alice, List.of(), List.of(), List.of(alice), null);

      List<PushOutbox.Taken> taken = takeFor(phone);
      assertEquals(1, taken.size());
      PushOutbox.Taken push = taken.get(0);
      assertEquals("mention", push.type());
      assertEquals(1, push.attempts());
      assertTrue(push.notification().contains("\"actor\":\"" + carol + "\""));
      assertTrue(push.notification().contains("hello @" + alice));

      Instant later = Instant.now().plus(Duration.ofMinutes(2));
      List<PushOutbox.Taken> again =
          database.inTransaction(c -> PushOutbox.take(c, 1000, later, later.plusSeconds(60)));
      assertEquals(
          List.of(push.id()),
          again.stream().filter(t -> t.endpoint().equals(phone)).map(t -> t.id()).toList(),
          "a node that died holding it leaves it to the next");
      database.inTransaction(
          c -> {
            PushOutbox.remove(c, push.id());
            return null;
          });
      assertEquals(
          List.of(),
          database
              .inTransaction(c -> PushOutbox.take(c, 1000, later, later.plusSeconds(60)))
              .stream()
              .filter(t -> t.endpoint().equals(phone))
              .toList());
    }

    @Test
    void undoingTheNotificationBeforeItsPushWasSentDeletesThePush() {
      String alice = user("alice");
      String phone = endpoint();
      subscribe(alice, phone, ALL);
      String bob = user("bob");
      FollowStore follows = new FollowStore(database);
      follows.follow(bob, alice);
      follows.unfollow(bob, alice);
      assertEquals(List.of(), takeFor(phone));
    }

    @Test
    void aSubscriptionThatIsGoneTakesItsPushesWithIt() {
      String alice = user("alice");
      String phone = endpoint();
      PushSubscription subscription = subscribe(alice, phone, ALL);
      new FollowStore(database).follow(user("bob"), alice);
      database.inTransaction(
          c -> {
            PushOutbox.removeSubscription(c, Long.parseLong(subscription.id()));
            return null;
          });
      assertEquals(List.of(), subscriptions().list(alice));
      assertEquals(List.of(), takeFor(phone));
    }

    @Test
    void aRetryIsDueAtItsTime() {
      String alice = user("alice");
      String phone = endpoint();
      subscribe(alice, phone, ALL);
      new FollowStore(database).follow(user("bob"), alice);
      PushOutbox.Taken push = takeFor(phone).get(0);
      Instant at = Instant.now().plus(Duration.ofHours(1));
      database.inTransaction(
          c -> {
            PushOutbox.retryAt(c, push.id(), at);
            return null;
          });
      assertEquals(List.of(), takeFor(phone));
      List<PushOutbox.Taken> then =
          database.inTransaction(c -> PushOutbox.take(c, 1000, at, at.plusSeconds(60)));
      PushOutbox.Taken retried =
          then.stream().filter(t -> t.id() == push.id()).findFirst().orElseThrow();
      assertEquals(2, retried.attempts());
    }
  }
}
