package dev.feedline.push.control;

import dev.feedline.errors.InvalidInputException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which push endpoints the service will POST to (API.md): {@code https://} to a host that is not a
 * loopback, private, link-local or otherwise local address, so a subscription cannot point the
 * service at its own network. The local profile also takes {@code http://} and {@code https://} on
 * loopback, for a push receiver on the same machine. Checked when a subscription is made and again
 * before each send, since a name may resolve elsewhere later.
 */
public final class PushEndpoints {
  /** The longest endpoint stored (push services' URLs are a few hundred characters). */
  public static final int MAX_LENGTH = 2048;

  private PushEndpoints() {}

  /**
   * The endpoint as a URI, when its form is acceptable; the host is not resolved.
   *
   * @throws InvalidInputException saying what is wrong
   */
  public static URI parse(String endpoint, boolean local) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new InvalidInputException("endpoint is required.");
    }
    if (endpoint.length() > MAX_LENGTH) {
      throw new InvalidInputException("endpoint is longer than " + MAX_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("endpoint is not a URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new InvalidInputException("endpoint must be an https:// URL with a host.");
    }
    boolean https = scheme.equals("https");
    if (!https && !(local && scheme.equals("http"))) {
      throw new InvalidInputException("endpoint must be an https:// URL.");
    }
    return uri;
  }

  /**
   * Whether every address {@code uri}'s host resolves to may be sent to: none local, private or
   * link-local (loopback only in the local profile).
   *
   * @throws InvalidInputException naming the reason, including a host that does not resolve
   */
  public static void checkTarget(URI uri, boolean local) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new InvalidInputException("endpoint's host does not resolve.");
    }
    boolean http = uri.getScheme().equalsIgnoreCase("http");
    for (InetAddress address : addresses) {
      if (local && address.isLoopbackAddress()) {
        continue;
      }
      if (http || !isPublic(address)) {
        throw new InvalidInputException(
            "endpoint must not be a loopback, private or link-local address.");
      }
    }
  }

  /** Whether {@code address} is routable on the internet: not local in any of the usual ways. */
  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      // fc00::/7 unique local; an IPv4-mapped or -compatible address is judged as IPv4
      if ((b[0] & 0xfe) == 0xfc) {
        return false;
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped
          && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        byte[] v4 = {b[12], b[13], b[14], b[15]};
        try {
          return isPublic(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      return true;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first != 0 // "this network"
        && !(first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
        && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
        && !(first == 198 && (second == 18 || second == 19)) // benchmarking
        && first < 240; // reserved and broadcast
  }
}
