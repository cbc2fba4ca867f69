package dev.shipproof.registry;

import dev.shipproof.registry.RegistryException.Kind;
import java.net.URI;
import java.util.Locale;

/**
 * Where a registry may send a read with a redirect. Blobs may live on another origin (object
 * storage, a CDN), so a blob read may follow a redirect there; its bytes are hashed against the
 * digest either way. Manifests, tags and referrers lists are the registry's own answers: a redirect
 * of one of those to another origin is refused, as is any redirect to a scheme other than http and
 * https, and any downgrade from https. Refusals are final ({@link Kind#REFUSED}): the same registry
 * would send the same redirect again.
 */
final class RedirectRule {
  private RedirectRule() {}

  /**
   * The URI to follow from {@code from} to {@code location}, on a read that asked for {@code
   * original}.
   *
   * @throws RegistryException {@link Kind#REFUSED} when the rule forbids it
   */
  static URI next(URI original, URI from, String location) throws RegistryException {
    String where = "registry " + from.getAuthority();
    URI next;
    try {
      next = from.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Kind.REFUSED, where + " redirected to a malformed URL");
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
      throw new RegistryException(
          Kind.REFUSED, where + " redirected to a URL that is not http or https; refusing it");
    }
    if ("https".equals(from.getScheme()) && !scheme.equals("https")) {
      throw new RegistryException(
          Kind.REFUSED, where + " redirected to a non-HTTPS URL; refusing it");
    }
    boolean sameOrigin = CredentialedHttp.origin(next).equals(CredentialedHttp.origin(original));
    if (!sameOrigin && !isBlob(original)) {
      throw new RegistryException(
          Kind.REFUSED,
          where
              + " redirected a manifest or referrers read to another host ("
              + next.getHost()
              + "); only blobs may be served from elsewhere, refusing it");
    }
    return next;
  }

  private static boolean isBlob(URI uri) {
    String path = uri.getRawPath();
    return path != null && path.startsWith("/v2/") && path.contains("/blobs/");
  }
}
