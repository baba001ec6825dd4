package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.errors.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushEndpointsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "push.example.net/send",
        "ftp://push.example.net/send",
        "http://push.example.net/send",
        "https:///nohost",
        "https://user:pw@push.example.net/send",
        "https://push.example.net/send#x",
        "https://push example.net/"
      })
  void refusesWhatIsNotAnHttpsUrlWithAHost(String endpoint) {
    assertThrows(InvalidInputException.class, () -> PushEndpoints.parse(endpoint, false));
  }

  @Test
  void refusesAnEndpointLongerThanTheStoredLimit() {
    String endpoint = "https://push.example.net/" + "a".repeat(PushEndpoints.MAX_LENGTH);
    assertThrows(InvalidInputException.class, () -> PushEndpoints.parse(endpoint, false));
  }

  @Test
  void theLocalProfileAlsoTakesHttp() {
    assertEquals("http", PushEndpoints.parse("http://127.0.0.1:9/p", true).getScheme());
    assertEquals("https", PushEndpoints.parse("https://push.example.net/p", false).getScheme());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/p",
        "https://10.1.2.3/p",
        "https://172.16.0.1/p",
        "https://192.168.1.1/p",
        "https://169.254.169.254/latest/meta-data",
        "https://0.0.0.0/p",
        "https://100.64.0.1/p",
        "https://[::1]/p",
        "https://[fe80::1]/p",
        "https://[fd00::1]/p",
        "https://[::ffff:10.0.0.1]/p",
        "https://224.0.0.1/p"
      })
  void refusesLocalPrivateAndLinkLocalTargets(String endpoint) {
    URI uri = PushEndpoints.parse(endpoint, false);
    assertThrows(InvalidInputException.class, () -> PushEndpoints.checkTarget(uri, false));
  }

  @Test
  void acceptsAPublicAddress() {
    PushEndpoints.checkTarget(URI.create("https://93.184.216.34/push"), false);
    PushEndpoints.checkTarget(URI.create("https://[2606:4700::1111]/push"), false);
  }

  @Test
  void theLocalProfileTakesLoopbackOnlyAmongLocalTargets() {
    PushEndpoints.checkTarget(URI.create("http://127.0.0.1:8/p"), true);
    PushEndpoints.checkTarget(URI.create("https://[::1]:8/p"), true);
    assertThrows(
        InvalidInputException.class,
        () -> PushEndpoints.checkTarget(URI.create("http://10.0.0.1/p"), true));
    assertThrows(
        InvalidInputException.class,
        () -> PushEndpoints.checkTarget(URI.create("http://93.184.216.34/p"), true),
        "http only on loopback");
  }

  @Test
  void anUnresolvableHostIsRefused() {
    assertThrows(
        InvalidInputException.class,
        () -> PushEndpoints.checkTarget(URI.create("https://no-such-host.invalid/p"), false));
  }

  @Test
  void publicMeansRoutable() throws Exception {
    assertTrue(PushEndpoints.isPublic(InetAddress.getByName("8.8.8.8")));
    assertFalse(PushEndpoints.isPublic(InetAddress.getByName("198.18.0.1")));
    assertFalse(PushEndpoints.isPublic(InetAddress.getByName("255.255.255.255")));
  }
}
